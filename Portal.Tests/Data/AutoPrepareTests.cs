using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>PostgreSQL connections prepare the statements the portal repeats (the claim, the recorder's writes), unless
/// the operator's connection string says otherwise (a pooler without prepared statements: <c>Max Auto Prepare=0</c>).</summary>
public sealed class AutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_the_setting_gets_automatic_preparation()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            DataExtensions.WithAutoPrepare("Host=db;Database=portal;Username=portal;Password=secret"));

        Assert.Equal((64, 2), (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages));
        Assert.Equal(("db", "portal", "secret"), (settings.Host, settings.Database, settings.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;maxautoprepare=0")]
    [InlineData("Host=db;MAX AUTO PREPARE=0;Auto Prepare Min Usages=5")]
    public void The_operators_own_setting_wins(string connectionString)
    {
        Assert.Equal(connectionString, DataExtensions.WithAutoPrepare(connectionString));
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(DataExtensions.WithAutoPrepare(connectionString)).MaxAutoPrepare);
    }
}

/// <summary>The running portal on PostgreSQL uses it.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class PostgresAutoPrepareTests(PostgresHost host)
{
    [Fact]
    public async Task The_portals_postgres_connections_prepare_repeated_statements()
    {
        // (Every PostgreSQL test of the suite then runs the portal's statements prepared.)
        await using var scope = host.Factory.CreateScope();
        var db = scope.Get<PortalDbContext>();

        Assert.Equal(64, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);
    }
}
