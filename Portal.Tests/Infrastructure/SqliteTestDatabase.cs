using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// <summary>A fresh SQLite file under the temp folder (portal-tests/&lt;guid&gt;.db), deleted on dispose.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path;

    private SqliteTestDatabase(string path)
    {
        _path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString { get; }
    public string FilePath => _path;

    public static SqliteTestDatabase Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-tests");
        Directory.CreateDirectory(folder);
        return new SqliteTestDatabase(Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
    }

    public override PortalDbContext CreateContext() =>
        new SqlitePortalDbContext(DesignTime.Options<SqlitePortalDbContext>(o => o.UseSqlite(ConnectionString)));

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting it.
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}
