using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Data;

/// <summary>The in-process queue for SQLite's write lock: one writer at a time on SQLite, nothing on a server.</summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task On_SQLite_the_next_writer_waits_for_the_previous_one_to_finish()
    {
        await using var database = SqliteTestDatabase.Create();
        await using var db = database.CreateContext();
        using var gate = new SqliteWriteGate();

        var first = await gate.EnterAsync(db, CancellationToken.None);
        var second = gate.EnterAsync(db, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task On_PostgreSQL_writers_do_not_queue()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.CreateContext();
        using var gate = new SqliteWriteGate();

        using var first = await gate.EnterAsync(db, CancellationToken.None);
        var second = gate.EnterAsync(db, CancellationToken.None).AsTask();

        Assert.True(second.IsCompleted);
    }
}
