using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Portal.Tests.Data.SqlServer;

/// <summary>The tables of a SQL Server database and their columns (names compare as SQL Server's default
/// case-insensitive collation does).</summary>
internal sealed class TSqlSchema
{
    private readonly Dictionary<string, HashSet<string>> _tables = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string table, IEnumerable<string> columns)
    {
        if (!_tables.TryGetValue(table, out var set))
            _tables[table] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        set.UnionWith(columns);
    }

    public IReadOnlySet<string>? Columns(string table) => _tables.GetValueOrDefault(table);

    public int TableCount => _tables.Count;

    /// <summary>Every table and column of the EF model's relational mapping (the schema the migrations build: see
    /// ModelConsistencyTests), plus the tables Quartz creates for its clustered store, read from the DDL Quartz itself
    /// runs (its embedded create_sqlServer.sql).</summary>
    public static TSqlSchema Of(DbContext db)
    {
        var schema = new TSqlSchema();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var columns = table.Columns.Select(c => c.Name).ToList();
            schema.Add(table.Name, columns);
            schema.Add((table.Schema ?? "dbo") + "." + table.Name, columns);
        }

        schema.Add("__EFMigrationsHistory", ["MigrationId", "ProductVersion"]);
        foreach (var (table, columns) in QuartzTables())
            schema.Add(table, columns);
        return schema;
    }

    private static IEnumerable<(string Table, List<string> Columns)> QuartzTables()
    {
        const string resource = "Quartz.Impl.AdoJobStore.Schema.create_sqlServer.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"Quartz no longer ships {resource}.");
        using var reader = new StreamReader(stream);
        var ddl = reader.ReadToEnd().Replace("{0}", "QRTZ_", StringComparison.Ordinal).Replace("{1}", "QRTZ_", StringComparison.Ordinal)
            .Replace("--;;", "", StringComparison.Ordinal);
        var fragment = TSqlCheck.Parse(ddl, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException("Quartz's DDL did not parse: " + errors[0].Message);
        var creates = new List<CreateTableStatement>();
        fragment.Accept(new Collect<CreateTableStatement>(creates));
        if (creates.Count == 0)
            throw new InvalidOperationException("Quartz's DDL creates no table.");
        return creates.Select(c => (c.SchemaObjectName.BaseIdentifier.Value,
            c.Definition.ColumnDefinitions.Select(d => d.ColumnIdentifier.Value).ToList()));
    }

    private sealed class Collect<T>(List<T> found) : TSqlFragmentVisitor where T : TSqlFragment
    {
        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T t)
                found.Add(t);
        }
    }
}

/// <summary>Parses T-SQL with Microsoft's parser and resolves every table and column it names against a
/// <see cref="TSqlSchema"/>.</summary>
internal static class TSqlCheck
{
    public static TSqlFragment Parse(string sql, out IList<ParseError> errors) =>
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out errors);

    /// <returns>What is wrong with the statement: parse errors, unknown tables, unknown columns (none: empty).</returns>
    public static List<string> Problems(string sql, TSqlSchema schema, bool resolveNames = true)
    {
        var fragment = Parse(sql, out var errors);
        var problems = errors.Select(e => $"parse error at {e.Line}:{e.Column}: {e.Message}").ToList();
        if (problems.Count > 0 || !resolveNames)
            return problems;
        var names = new Names();
        fragment.Accept(names);
        var aliases = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase); // alias → tables
        foreach (var table in names.Tables)
        {
            var name = table.SchemaObject.BaseIdentifier.Value;
            var isAlias = table.SchemaObject.SchemaIdentifier is null
                          && (names.Derived.ContainsKey(name) || names.Opaque.Contains(name) || names.Tables.Any(t => t.Alias?.Value.Equals(name, StringComparison.OrdinalIgnoreCase) == true));
            if (isAlias)
                continue; // UPDATE [s] SET … FROM [Subscriptions] AS [s]
            var qualified = table.SchemaObject.SchemaIdentifier is { } s ? s.Value + "." + name : name;
            if (schema.Columns(qualified) is null)
            {
                problems.Add($"unknown table {qualified}");
                continue;
            }

            Add(aliases, table.Alias?.Value ?? name, qualified);
            Add(aliases, name, qualified);
        }

        var known = aliases.Values.SelectMany(t => t).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var column in names.Columns)
        {
            var parts = column.MultiPartIdentifier.Identifiers.Select(i => i.Value).ToList();
            var name = parts[^1];
            if (parts.Count == 1)
            {
                if (!known.Any(t => schema.Columns(t)!.Contains(name)) && !names.OutputNames.Contains(name))
                    problems.Add($"unknown column {name} (tables: {string.Join(", ", known)})");
                continue;
            }

            var qualifier = parts[^2];
            if (qualifier.Equals("inserted", StringComparison.OrdinalIgnoreCase) || qualifier.Equals("deleted", StringComparison.OrdinalIgnoreCase))
            {
                if (!known.Any(t => schema.Columns(t)!.Contains(name)))
                    problems.Add($"unknown column {qualifier}.{name}");
            }
            else if (aliases.TryGetValue(qualifier, out var tables))
            {
                if (!tables.Any(t => schema.Columns(t)!.Contains(name)))
                    problems.Add($"unknown column {qualifier}.{name} ({string.Join(", ", tables)})");
            }
            else if (names.Derived.TryGetValue(qualifier, out var outputs))
            {
                if (outputs is not null && !outputs.Contains(name))
                    problems.Add($"unknown column {qualifier}.{name} (derived table outputs: {string.Join(", ", outputs)})");
            }
            else if (!names.Opaque.Contains(qualifier))
            {
                problems.Add($"unknown table or alias {qualifier} (in {string.Join(".", parts)})");
            }
        }

        return problems;
    }

    /// <summary>The literal statements a script runs with EXEC(N'…').</summary>
    public static List<string> ExecutedStrings(string script)
    {
        var found = new List<string>();
        Parse(script, out _).Accept(new ExecutedStringsVisitor(found));
        return found;
    }

    private sealed class ExecutedStringsVisitor(List<string> found) : TSqlFragmentVisitor
    {
        public override void Visit(ExecutableStringList node)
        {
            // Only whole literals: EXEC(N'… [' + @var + N'];') is completed at run time.
            if (node.Strings.All(s => s is StringLiteral))
                found.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
        }
    }

    private static void Add(Dictionary<string, List<string>> aliases, string alias, string table)
    {
        if (!aliases.TryGetValue(alias, out var list))
            aliases[alias] = list = [];
        if (!list.Contains(table, StringComparer.OrdinalIgnoreCase))
            list.Add(table);
    }

    /// <summary>The names a statement uses: tables (with their aliases), columns, derived tables and CTEs with the
    /// columns they output (null: unknown, e.g. SELECT *), other aliased sources (OPENJSON…), and output aliases.</summary>
    private sealed class Names : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];
        public List<ColumnReferenceExpression> Columns { get; } = [];
        public Dictionary<string, HashSet<string>?> Derived { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Opaque { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> OutputNames { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(NamedTableReference node) => Tables.Add(node);

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier is not null)
                Columns.Add(node);
        }

        public override void Visit(QueryDerivedTable node)
        {
            if (node.Alias is not null)
                Derived[node.Alias.Value] = Outputs(node.QueryExpression);
        }

        public override void Visit(CommonTableExpression node) => Derived[node.ExpressionName.Value] =
            node.Columns.Count > 0 ? node.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase) : Outputs(node.QueryExpression);

        public override void Visit(TableReferenceWithAlias node)
        {
            if (node is not NamedTableReference and not QueryDerivedTable && node.Alias is not null)
                Opaque.Add(node.Alias.Value);
        }

        public override void Visit(SelectScalarExpression node)
        {
            if (node.ColumnName?.Value is { } alias)
                OutputNames.Add(alias);
        }

        private static HashSet<string>? Outputs(QueryExpression query)
        {
            while (query is BinaryQueryExpression binary)
                query = binary.FirstQueryExpression;
            while (query is QueryParenthesisExpression parenthesis)
                query = parenthesis.QueryExpression;
            if (query is not QuerySpecification specification)
                return null;
            var outputs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var element in specification.SelectElements)
            {
                if (element is not SelectScalarExpression scalar)
                    return null; // SELECT *
                var name = scalar.ColumnName?.Value
                           ?? (scalar.Expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers[^1].Value;
                if (name is not null)
                    outputs.Add(name);
            }

            return outputs;
        }
    }
}
