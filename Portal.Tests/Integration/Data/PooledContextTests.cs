using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Data;

/// <summary>Contexts come from EF's pool: a context never carries one scope's user into the next, and SQLite's
/// per-connection settings hold on every pooled connection.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class PooledContextTests(SqliteHost host)
{
    [Fact]
    public async Task A_pooled_context_takes_the_tenant_of_each_scope_it_is_handed_to()
    {
        var tenant = await host.Factory.RegisterAsync("Pooled");
        var reused = false;
        // The pool is a queue: hold up to 64 rented contexts until the used one comes round again. The host's
        // background work rents contexts too and may take it first, so try a few times.
        for (var attempt = 0; attempt < 3 && !reused; attempt++)
        {
            PortalDbContext used;
            await using (var signedIn = await host.Factory.CreateScopeSignedInAsync(tenant.Owner))
            {
                used = signedIn.Get<PortalDbContext>();
                Assert.Equal(tenant.Id, used.CurrentTenantId);
            }

            var held = new List<AsyncServiceScope>();
            try
            {
                while (held.Count < 64 && !reused)
                {
                    var scope = host.Factory.CreateScope();
                    held.Add(scope);
                    var next = scope.Get<PortalDbContext>();
                    Assert.Null(next.CurrentTenantId);
                    reused = ReferenceEquals(next, used);
                }
            }
            finally
            {
                foreach (var scope in held)
                    await scope.DisposeAsync();
            }
        }

        Assert.True(reused, "The pool never handed the used context out again.");
    }

    [Fact]
    public async Task A_context_forgets_its_tenant_when_it_goes_back_to_the_pool()
    {
        // Defence in depth for anything that rents from EF's pool directly, without the scoped factory.
        await using var database = SqliteTestDatabase.Create();
        var context = database.CreateContext();
        var tenantId = Guid.NewGuid();
        context.WithTenant(new FixedTenant(tenantId));
        Assert.Equal(tenantId, context.CurrentTenantId);

        await context.DisposeAsync();

        Assert.Null(context.CurrentTenantId);
    }

    [Fact]
    public async Task Busy_timeout_and_synchronous_hold_on_every_pooled_connection()
    {
        for (var round = 0; round < 3; round++)
        {
            if (round == 2)
                SqliteConnection.ClearAllPools(); // a brand-new native connection too
            await using var scope = host.Factory.CreateScope();
            var db = scope.Get<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(10_000, await PragmaAsync(db, "busy_timeout"));
                Assert.Equal(1, await PragmaAsync(db, "synchronous")); // NORMAL
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> PragmaAsync(PortalDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class FixedTenant(Guid id) : ICurrentTenant
    {
        public Guid? TenantId => id;
    }
}
