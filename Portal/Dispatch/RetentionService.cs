using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Dispatch;

/// <summary>The <c>Retention</c> section.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Attempts, finished deliveries and events older than this are purged.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per statement, so a purge never holds long locks.</summary>
    [Range(100, 100_000)]
    public int ChunkSize { get; set; } = 5_000;
}

/// <summary>Deletes history past the retention age in bounded chunks. Unfinished deliveries are never purged.</summary>
public sealed class RetentionService(PortalDbContext db, IOptionsMonitor<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionService> logger)
{
    private static readonly DeliveryStatus[] Finished = [DeliveryStatus.Succeeded, DeliveryStatus.Exhausted, DeliveryStatus.Cancelled];

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var cutoff = clock.GetUtcNow() - settings.MaxAge;
        var total = 0;

        total += await DeleteInChunksAsync(
            () => db.Attempts.IgnoreQueryFilters().Where(a => a.StartedAt < cutoff), settings.ChunkSize, cancellationToken);
        total += await DeleteInChunksAsync(
            () => db.Deliveries.IgnoreQueryFilters()
                .Where(d => Finished.Contains(d.Status) && d.CreatedAt < cutoff), settings.ChunkSize, cancellationToken);
        total += await DeleteInChunksAsync(
            () => db.Events.IgnoreQueryFilters()
                .Where(e => e.OccurredAt < cutoff && !db.Deliveries.IgnoreQueryFilters().Any(d => d.EventId == e.Id)),
            settings.ChunkSize, cancellationToken);

        if (total > 0)
            logger.LogInformation("Retention purged {Rows} rows older than {Cutoff:u}.", total, cutoff);
        return total;
    }

    private static async Task<int> DeleteInChunksAsync<T>(Func<IQueryable<T>> query, int chunk, CancellationToken cancellationToken)
        where T : class
    {
        var total = 0;
        for (var round = 0; round < 1000; round++)
        {
            var ids = await query().Select(e => EF.Property<Guid>(e, "Id")).Take(chunk).ToListAsync(cancellationToken);
            if (ids.Count == 0)
                break;
            total += await query().Where(e => ids.Contains(EF.Property<Guid>(e, "Id"))).ExecuteDeleteAsync(cancellationToken);
        }

        return total;
    }
}
