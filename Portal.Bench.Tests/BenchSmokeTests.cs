using System.Text.Json;

namespace Portal.Bench.Tests;

/// <summary>The harness in CI size (--smoke, SQLite): it must run every scenario to the end and deliver every event.
/// Timings are not asserted here; the full run (README, docs/performance.md) is where numbers are read.</summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task Smoke_run_completes_every_scenario_delivers_every_event_and_writes_the_json()
    {
        var json = Path.Combine(Path.GetTempPath(), $"portal-bench-smoke-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        try
        {
            var options = BenchOptions.Parse(["--smoke", "--json", json]);

            var report = await BenchRunner.RunAsync(options, log);

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var scenarios = document.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
            Assert.Equal(BenchOptions.AllScenarios, scenarios.Select(s => s.GetProperty("name").GetString()));
            foreach (var scenario in scenarios)
            {
                var name = scenario.GetProperty("name").GetString();
                Assert.True(scenario.GetProperty("completed").GetBoolean(), $"{name} did not complete.\n{output}");
                Assert.True(scenario.GetProperty("count").GetInt64() > 0, $"{name} counted nothing.\n{output}");
                if (scenario.TryGetProperty("lost", out var lost))
                    Assert.True(lost.GetInt64() == 0, $"{name} lost {lost} deliveries.\n{output}");
            }

            var delivering = report.Scenarios.Where(s => s.Expected is not null).ToList();
            Assert.Equal(["throughput", "transform", "latency", "faults", "noisy-neighbour", "paused-backlog", "limits", "crash"], delivering.Select(s => s.Name));
            Assert.All(delivering, s => Assert.True(s.Delivered >= s.Expected, $"{s.Name}: {s.Delivered}/{s.Expected} delivered.\n{output}"));
            Assert.True((int)report.Scenarios.Single(s => s.Name == "faults").Details["failedAttempts"] > 0,
                "The faults scenario saw no failed attempt, so it proved no retry.");
            var noisy = report.Scenarios.Single(s => s.Name == "noisy-neighbour");
            Assert.True((int)noisy.Details["slowEndpointAnswered"] > 0, $"The slow endpoint got nothing, so nothing was noisy.\n{output}");
            Assert.Equal(0, (int)report.Scenarios.Single(s => s.Name == "paused-backlog").Details["pausedEndpointReceived"]);
            var transform = report.Scenarios.Single(s => s.Name == "transform");
            Assert.True((int)transform.Details["attributedReceipts"] >= transform.Delivered,
                $"Some transform deliveries did not carry the transformation's body.\n{output}");
            var limits = report.Scenarios.Single(s => s.Name == "limits");
            Assert.InRange((int)limits.Details["cappedMostOpenAtOnce"], 1, options.LimitsInFlight);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
