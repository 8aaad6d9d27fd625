using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;

namespace Portal.Features.Publishing;

/// <summary>One publication to store: the event, its fan-out, and the subscriptions whose queue heads it lowers.</summary>
public sealed record Publication(Event Event, IReadOnlyList<Delivery> Deliveries, IReadOnlyList<Guid> Queued, DateTimeOffset At);

/// <summary>Group commit for concurrent publications. A commit costs the same for one event as for many: SQLite writes
/// every page the transaction touched (each delivery index's leaf per subscription, the event, the queue heads) to its
/// log, a database server flushes its log to disk. So publishers queue their publication here; whichever holds the
/// writer's turn stores everything queued (up to <see cref="MaxBatch"/>) in one transaction, under the lock order every
/// writer keeps (queue heads first, see <see cref="SubscriptionQueue"/>), and completes them all. A lone publisher
/// writes its own at once: nothing waits for a batch to fill. If a batch fails (a subscription deleted meanwhile, two
/// publications with one idempotency key), each of its publications is stored on its own, so only the one at fault
/// sees the error — the same error, and the same retry, as without batching.</summary>
public sealed class PublicationWriter(IServiceScopeFactory scopes, ILogger<PublicationWriter> logger) : IDisposable
{
    /// <summary>Publications per transaction at most.</summary>
    public const int MaxBatch = 64;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    private sealed class Pending(Publication publication)
    {
        public Publication Publication { get; } = publication;
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Returns once the publication is committed; throws what storing it alone threw.</summary>
    public async Task StoreAsync(Publication publication)
    {
        var pending = new Pending(publication);
        _queue.Enqueue(pending);
        // Not cancellable: the publication is queued and some writer will store it; the caller learns the outcome.
        await _turn.WaitAsync();
        try
        {
            while (!pending.Stored.Task.IsCompleted)
            {
                var batch = new List<Pending>(Math.Min(MaxBatch, _queue.Count + 1));
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
                    batch.Add(next);
                await WriteAsync(batch);
            }
        }
        finally
        {
            _turn.Release();
        }

        await pending.Stored.Task;
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            await WriteTogetherAsync(batch.Select(p => p.Publication).ToList());
            foreach (var pending in batch)
                pending.Stored.TrySetResult();
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.LogDebug(e, "A batch of {Count} publications failed; storing each on its own.", batch.Count);
        }
        catch (Exception e)
        {
            batch[0].Stored.TrySetException(e);
            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                await WriteTogetherAsync([pending.Publication]);
                pending.Stored.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Stored.TrySetException(e);
            }
        }
    }

    /// <summary>One transaction, in a scope of its own: a batch holds several tenants' rows.</summary>
    private async Task WriteTogetherAsync(IReadOnlyList<Publication> publications)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var writeGate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
        var queued = publications.SelectMany(p => p.Queued).Distinct().ToList();
        var at = publications.Min(p => p.At);
        await db.Database.OpenConnectionAsync();
        try
        {
            using var turn = await writeGate.EnterAsync(db, CancellationToken.None);
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The queue heads' row locks first: see SubscriptionQueue.LowerHeadAsync.
            await SubscriptionQueue.LockAsync(db, queued, CancellationToken.None);
            await RowWriter.InsertAsync(db, publications.Select(p => p.Event).ToList(), CancellationToken.None);
            await RowWriter.InsertAsync(db, publications.SelectMany(p => p.Deliveries).ToList(), CancellationToken.None);
            await SubscriptionQueue.LowerHeadAsync(db, queued, at, CancellationToken.None, locked: true);
            await transaction.CommitAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public void Dispose() => _turn.Dispose();
}
