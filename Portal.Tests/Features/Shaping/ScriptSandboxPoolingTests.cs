using Portal.Shaping;

namespace Portal.Tests.Features.Shaping;

/// <summary>Pooled engines keep no state a run could see: top-level variables start afresh on every call, another
/// tenant's runs of the same script never share an engine, and an engine stopped by a limit is not reused.</summary>
public sealed class ScriptSandboxPoolingTests
{
    private const string Counter = "var calls = 0; function handler(w) { calls++; w.payload = calls; return w; }";
    private const string Hoarder = """
        function handler(w) {
          var previous = globalThis.seen === undefined ? null : globalThis.seen;
          globalThis.seen = w.payload;
          w.payload = previous;
          return w;
        }
        """;

    private readonly ScriptSandbox _sandbox = new();

    [Fact]
    public void Top_level_variables_start_afresh_on_every_call()
    {
        var tenant = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
            Assert.Contains("\"payload\":1", _sandbox.CallHandler(Counter, """{"payload":0}""", tenant), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_tenant_running_the_same_script_never_sees_what_the_first_left_behind()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        _sandbox.CallHandler(Hoarder, """{"payload":"secret of the first tenant"}""", first);

        var output = _sandbox.CallHandler(Hoarder, """{"payload":"x"}""", second);

        Assert.Contains("\"payload\":null", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_stopped_by_a_limit_leaves_the_next_run_its_full_budget()
    {
        var tenant = Guid.NewGuid();
        const string script = "function handler(w) { if (w.payload === 'loop') { for (;;) {} } return w; }";
        Assert.Throws<ScriptException>(() => _sandbox.CallHandler(script, """{"payload":"loop"}""", tenant));
        for (var i = 0; i < 3; i++)
            Assert.Contains("\"payload\":\"ok\"", _sandbox.CallHandler(script, """{"payload":"ok"}""", tenant), StringComparison.Ordinal);
        Assert.Throws<ScriptException>(() => _sandbox.CallHandler(script, """{"payload":"loop"}""", tenant));
    }
}
