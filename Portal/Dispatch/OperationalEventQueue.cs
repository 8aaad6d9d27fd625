using System.Threading.Channels;

namespace Portal.Dispatch;

/// <summary>Operational events on their way to the publisher, off the recorder's path: the recorder only queues them, so
/// one endpoint's flood of notices (a dead endpoint exhausting hundreds of deliveries, two publications each) never
/// holds up recording everyone else's results — and with them their retries and the next delivery of an ordered
/// subscription. A single background reader publishes what is queued in batches. Bounded: when the publisher cannot
/// keep up, further notices are dropped (counted and logged); deliveries are never affected. Like before, a crash
/// between the recorder's commit and the publication loses a notice, never a delivery.</summary>
public sealed class OperationalEventQueue(OperationalEvents operational, ILogger<OperationalEventQueue> logger) : BackgroundService
{
    /// <summary>Notices waiting at most.</summary>
    public const int Capacity = 10_000;

    /// <summary>Notices published per round (their publications are stored together by the group commit).</summary>
    private const int MaxBatch = 128;

    private readonly Channel<OperationalEvent> _events = Channel.CreateBounded<OperationalEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _dropped;

    /// <summary>Never waits: what does not fit is dropped.</summary>
    public void Enqueue(IReadOnlyList<OperationalEvent> events)
    {
        foreach (var e in events)
        {
            if (_events.Writer.TryWrite(e))
                continue;
            var dropped = Interlocked.Increment(ref _dropped);
            if ((dropped & (dropped - 1)) == 0) // 1, 2, 4, 8…: visible without flooding the log
                logger.LogWarning("The operational event queue is full ({Capacity}): {Dropped} notice(s) dropped so far, the latest {Type}.",
                    Capacity, dropped, e.Type);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<OperationalEvent>(MaxBatch);
        try
        {
            while (await _events.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _events.Reader.TryRead(out var e))
                    batch.Add(e);
                try
                {
                    await operational.PublishAsync(batch, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The publisher reports expected failures itself; anything else loses these notices, not the loop.
                    logger.LogError(e, "Publishing {Count} operational event(s) failed; they are dropped.", batch.Count);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await DrainAsync();
        }
    }

    /// <summary>On shutdown, what is queued gets a few seconds; what remains after them is lost, as a crash would lose it.</summary>
    private async Task DrainAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var rest = new List<OperationalEvent>();
        while (_events.Reader.TryRead(out var e))
            rest.Add(e);
        try
        {
            for (var start = 0; start < rest.Count; start += MaxBatch)
                await operational.PublishAsync(rest.GetRange(start, Math.Min(MaxBatch, rest.Count - start)), deadline.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Count} operational event(s) queued at shutdown were not all published.", rest.Count);
        }
    }
}
