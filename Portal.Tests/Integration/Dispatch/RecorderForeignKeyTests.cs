using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>A delivery deleted between the recorder's read and its write makes its attempt's foreign key refuse the
/// whole batch. The recorder reads and writes again when it recognises that error; a batch gathered from many
/// subscriptions otherwise waited for its leases to expire (2 minutes) — an ordered subscription's retry with it. The
/// recognition is checked against each real database's error.</summary>
public abstract class RecorderForeignKeyTests(DatabaseProvider provider)
{
    [Fact]
    public async Task A_foreign_key_violation_is_recognised_as_a_row_deleted_meanwhile()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        db.Deliveries.Add(new Delivery(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());

        Assert.True(DeliveryRecorder.IsDeletedMeanwhile(refused), refused.ToString());
        Assert.False(DeliveryRecorder.IsDeletedMeanwhile(new InvalidOperationException("not a database error")));
    }
}

public sealed class SqliteRecorderForeignKeyTests() : RecorderForeignKeyTests(DatabaseProvider.Sqlite);

public sealed class PostgresRecorderForeignKeyTests() : RecorderForeignKeyTests(DatabaseProvider.Postgres);
