using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;

namespace Portal.Shaping;

/// <summary>Runs tenants' JavaScript (Jint) in a sandbox: no CLR access, no I/O (Jint has none), the clock in UTC,
/// and hard limits on time, statements, memory, recursion and array size (reset before every run). Parsed scripts
/// are cached by their text. Engines are pooled per tenant and script: a fresh engine spent most of a run building
/// the built-ins (String, Number, JSON…) the script touched, about 200 µs of the bench's transformation. The script
/// runs again inside a function on every call, so its top-level variables start afresh each time; an engine that
/// failed is dropped, never reused; a pooled engine is only ever used for the same tenant's same script.</summary>
public sealed class ScriptSandbox
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(50);
    public const int MaxStatements = 100_000;
    public const long MemoryLimitBytes = 16_000_000;
    public const int MaxRecursion = 64;
    private const int MaxCached = 2_000;

    private const int MaxPooledPerScript = 8;

    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid Tenant, string Script), ConcurrentBag<Engine>> _engines = new();

    /// <summary>Calls <c>handler(webhook)</c> defined by <paramref name="script"/> with the JSON
    /// <paramref name="inputJson"/>; returns what it returned, as JSON (null when it returned nothing).</summary>
    public string? CallHandler(string script, string inputJson, Guid tenantId = default)
    {
        Prepare(script); // a syntax error is reported against the tenant's own text
        var wrapped = Prepare("(function () {" + script + "\n;return typeof handler === 'function' ? handler : undefined;\n})()");
        return Pooled(tenantId, script, engine =>
        {
            var handler = engine.Evaluate(wrapped);
            if (handler is not Jint.Native.Function.Function)
                throw new ScriptException("The transformation must define function handler(webhook).");
            var input = new JsonParser(engine).Parse(inputJson);
            var result = engine.Invoke(handler, input);
            return result.IsUndefined() || result.IsNull() ? null : Json(engine, result);
        });
    }

    /// <summary>Evaluates a filter expression with <c>event</c>, <c>type</c> and <c>data</c> in scope; true only for
    /// a truthy result.</summary>
    public bool Matches(string expression, string eventJson, Guid tenantId = default)
    {
        var prepared = Prepare("(" + expression + "\n)");
        return Pooled(tenantId, "filter:" + expression, engine =>
        {
            var evt = new JsonParser(engine).Parse(eventJson);
            engine.SetValue("event", evt);
            engine.SetValue("type", evt.AsObject().Get("type"));
            engine.SetValue("data", evt.AsObject().Get("data"));
            return TypeConverter.ToBoolean(engine.Evaluate(prepared)) ? "true" : null;
        }) is not null;
    }

    /// <summary>Runs <paramref name="body"/> on an engine of this tenant's script (a new one when none is free), with
    /// its limits reset; returns the engine to the pool only when the run succeeded.</summary>
    private string? Pooled(Guid tenantId, string script, Func<Engine, string?> body)
    {
        var key = (tenantId, script);
        var pool = _engines.TryGetValue(key, out var existing) ? existing : null;
        if (pool is null || !pool.TryTake(out var engine))
            engine = NewEngine();
        engine.Constraints.Reset();
        Run(() => body(engine), out var output);
        if (pool is null)
        {
            if (_engines.Count >= MaxCached)
                _engines.Clear();
            pool = _engines.GetOrAdd(key, _ => []);
        }
        if (pool.Count < MaxPooledPerScript)
            pool.Add(engine);
        return output;
    }

    /// <summary>Parses without running: a syntax error as a message, or null.</summary>
    public string? SyntaxProblem(string script, bool expression = false)
    {
        try
        {
            Prepare(expression ? "(" + script + "\n)" : script);
            return null;
        }
        catch (ScriptException e)
        {
            return e.Message;
        }
    }

    private Prepared<Script> Prepare(string source)
    {
        if (_scripts.TryGetValue(source, out var cached))
            return cached;
        Prepared<Script> prepared;
        try
        {
            prepared = Engine.PrepareScript(source, options: new ScriptPreparationOptions { ParsingOptions = ScriptParsingOptions.Default with { Tolerant = false } });
        }
        catch (Exception e) when (e is ParseErrorException or JintException or InvalidOperationException)
        {
            // Jint wraps Acornima's parse error in its own exception type when preparing.
            throw new ScriptException($"Syntax error: {(e.InnerException ?? e).Message}");
        }
        if (_scripts.Count >= MaxCached)
            _scripts.Clear();
        _scripts[source] = prepared;
        return prepared;
    }

    private static Engine NewEngine() => new(options => options
        .TimeoutInterval(TimeLimit)
        .MaxStatements(MaxStatements)
        .LimitMemory(MemoryLimitBytes)
        .LimitRecursion(MaxRecursion)
        .MaxArraySize(100_000)
        .LocalTimeZone(TimeZoneInfo.Utc)
        .Strict());

    private static string Json(Engine engine, JsValue value) =>
        value.IsString() ? value.AsString() : new JsonSerializer(engine).Serialize(value).AsString();

    /// <summary>Every way a script can fail becomes a <see cref="ScriptException"/> with a message a tenant can read.</summary>
    private static void Run(Func<string?> body, out string? output)
    {
        try
        {
            output = body();
        }
        catch (ParseErrorException e)
        {
            throw new ScriptException($"Syntax error: {e.Description} (line {e.LineNumber}, column {e.Column}).");
        }
        catch (JavaScriptException e)
        {
            throw new ScriptException($"The script threw: {e.Message}" + (e.Location.Start.Line > 0 ? $" (line {e.Location.Start.Line})." : "."));
        }
        catch (TimeoutException)
        {
            throw new ScriptException($"The script ran longer than {TimeLimit.TotalMilliseconds:0} ms and was stopped.");
        }
        catch (StatementsCountOverflowException)
        {
            throw new ScriptException($"The script ran more than {MaxStatements:N0} statements and was stopped.");
        }
        catch (MemoryLimitExceededException)
        {
            throw new ScriptException($"The script used more than {MemoryLimitBytes / 1_000_000} MB and was stopped.");
        }
        catch (RecursionDepthOverflowException)
        {
            throw new ScriptException($"The script recursed deeper than {MaxRecursion} calls and was stopped.");
        }
        catch (JintException e)
        {
            throw new ScriptException($"The script failed: {e.Message}");
        }
    }
}

/// <summary>A tenant's script or template failed; the message is meant for the tenant.</summary>
public sealed class ScriptException(string message) : Exception(message);
