using Mono.Cecil;

namespace Portal.Tests.Architecture;

/// <summary>The dependency graph between the areas of the compiled Portal assembly: an area is the namespace segment
/// after <c>Portal.</c> (<c>Portal.Dispatch</c> → <c>Dispatch</c>), and each feature is an area of its own
/// (<c>Portal.Features.Subscriptions.Editor</c> → <c>Features.Subscriptions</c>). An edge A → B means a type of A
/// names a type of B anywhere: signatures, attributes, or the IL of a method body (so Razor markup counts too).</summary>
public sealed class AreaGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>Every edge with the references behind it ("Portal.A.X uses Portal.B.Y").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Edges => _edges;

    public static string? AreaOf(string? typeNamespace)
    {
        if (typeNamespace is null || !typeNamespace.StartsWith("Portal.", StringComparison.Ordinal))
            return null; // Program and compiler-generated types sit outside every area.
        var parts = typeNamespace.Split('.');
        return parts[1] == "Features" && parts.Length > 2 ? $"Features.{parts[2]}" : parts[1];
    }

    public static AreaGraph Of(string assemblyPath)
    {
        var graph = new AreaGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = Outermost(type);
            var fromArea = AreaOf(from.Namespace);
            if (fromArea is null)
                continue;
            foreach (var used in References(type))
            {
                if (used.Scope is not ModuleDefinition)
                    continue; // another assembly (Portal.Domain, the framework)
                var target = Outermost(used);
                var toArea = AreaOf(target.Namespace);
                if (toArea is not null && toArea != fromArea)
                    graph.Add(fromArea, toArea, $"{from.FullName} uses {target.FullName}");
            }
        }

        return graph;
    }

    public void Add(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets))
            _edges[from] = targets = new(StringComparer.Ordinal);
        if (!targets.TryGetValue(to, out var examples))
            targets[to] = examples = new(StringComparer.Ordinal);
        examples.Add(example);
    }

    /// <summary>One line per strongly connected set of areas: the areas, a cycle through them, and the references that
    /// close it. Empty when the graph has no cycle.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var report = new List<string>();
        foreach (var component in StronglyConnected().Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var cycle = ShortestCycle(component.Min(StringComparer.Ordinal)!, members);
            var because = cycle.Zip(cycle.Skip(1), (a, b) => $"    {a} → {b}: {Because(_edges[a][b])}");
            report.Add($"cycle {string.Join(" → ", cycle)} (areas in the knot: {string.Join(", ", component.Order(StringComparer.Ordinal))})"
                + Environment.NewLine + string.Join(Environment.NewLine, because));
        }

        return report;
    }

    private static string Because(SortedSet<string> examples) =>
        examples.Count == 1 ? examples.Min! : $"{examples.Min} (and {examples.Count - 1} more: {string.Join("; ", examples.Skip(1).Take(3))})";

    private List<string> ShortestCycle(string start, HashSet<string> members)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in Targets(node).Where(members.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = previous[at])
                        path.Add(at);
                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(next, node))
                    queue.Enqueue(next);
            }
        }

        throw new InvalidOperationException($"{start} is in a strongly connected set but on no cycle.");
    }

    private static readonly Dictionary<string, SortedSet<string>> None = [];

    private Dictionary<string, SortedSet<string>>.KeyCollection Targets(string node) =>
        (_edges.TryGetValue(node, out var targets) ? targets : None).Keys;

    /// <summary>Tarjan's algorithm.</summary>
    private List<List<string>> StronglyConnected()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(t => t.Keys)).Distinct().Order(StringComparer.Ordinal);

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Targets(node))
            {
                if (index.TryGetValue(next, out var nextIndex))
                {
                    if (onStack.Contains(next))
                        low[node] = Math.Min(low[node], nextIndex);
                }
                else
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
            }

            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            result.Add(component);
        }

        foreach (var node in nodes.ToList())
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }

        return result;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        if (type.BaseType is not null)
            found.Add(type.BaseType);
        found.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        found.AddRange(type.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType));
        AddAttributes(found, type);
        foreach (var field in type.Fields)
        {
            found.Add(field.FieldType);
            AddAttributes(found, field);
        }

        foreach (var property in type.Properties)
        {
            found.Add(property.PropertyType);
            AddAttributes(found, property);
        }

        found.AddRange(type.Events.Select(e => e.EventType));
        foreach (var method in type.Methods)
        {
            AddMethod(found, method);
            AddAttributes(found, method);
            found.AddRange(method.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType));
            if (!method.HasBody)
                continue;
            found.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        found.Add(t);
                        break;
                    case MethodReference m:
                        AddMethod(found, m);
                        break;
                    case FieldReference f:
                        found.Add(f.DeclaringType);
                        found.Add(f.FieldType);
                        break;
                }
            }
        }

        return found.SelectMany(Expand);
    }

    private static void AddMethod(List<TypeReference> found, MethodReference method)
    {
        found.Add(method.DeclaringType);
        found.Add(method.ReturnType);
        found.AddRange(method.Parameters.Select(p => p.ParameterType));
        if (method is GenericInstanceMethod generic)
            found.AddRange(generic.GenericArguments);
    }

    private static void AddAttributes(List<TypeReference> found, ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            found.Add(attribute.AttributeType);
            found.AddRange(attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument))
                .Select(a => a.Value).OfType<TypeReference>());
        }
    }

    /// <summary>The named types inside a constructed one: <c>List&lt;Foo[]&gt;</c> → List, Foo.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var inner in Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)))
                    yield return inner;
                yield break;
            case TypeSpecification specification:
                foreach (var inner in Expand(specification.ElementType))
                    yield return inner;
                yield break;
            default:
                yield return type;
                yield break;
        }
    }
}
