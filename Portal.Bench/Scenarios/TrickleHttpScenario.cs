using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>The ceiling's delivery-shaped request at the latency scenario's pace (R requests/s for T s), client and
/// receiver both in the bench process, nothing stored: what one HTTP exchange costs on this machine at a trickle, where
/// every request wakes threads that went to sleep. In the portal a quiet event is the server side of one exchange (the
/// publish it answers) and the client side of another (the delivery it sends): about one exchange's client-plus-server
/// cost, a floor under the latency scenario's portal CPU per event that no change to the portal lowers.</summary>
public static class TrickleHttpScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("trickle-http", $"raw POSTs at {options.LatencyRate}/s, no persistence");
        var endpoints = await context.ThroughputEndpointsAsync();
        var urls = endpoints.Select(e => new Uri(context.Farm.EndpointUrl(e))).ToArray();
        var recording = context.Farm.Reset();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var total = options.LatencyRate * options.LatencySeconds;
        var failures = 0;
        var tasks = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        for (var k = 0; k < total && Stopwatch.GetElapsedTime(started) < context.Timeout; k++)
        {
            var wait = TimeSpan.FromSeconds((double)k / options.LatencyRate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var url = urls[k % urls.Length];
            var sequence = k;
            tasks.Add(Task.Run(async () =>
            {
                if (!await CeilingScenario.SendAsync(http, url, sequence))
                    Interlocked.Increment(ref failures);
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        result.Count = recording.Delivered;
        result.Seconds = seconds;
        result.RatePerSecond = recording.Delivered / seconds;
        result.Details["failures"] = failures;
        result.Completed = failures == 0 && recording.Delivered == total;
        return result;
    }
}
