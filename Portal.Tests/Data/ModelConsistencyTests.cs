using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Each provider's migrations match the model (no one forgot add-migration.sh for a provider), and each
/// migrations set belongs to its own context. No server is contacted.</summary>
public sealed class ModelConsistencyTests
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_context_has_no_pending_model_changes(string provider)
    {
        using var context = CreateDesignTimeContext(provider);

        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its migrations: run Portal/Data/Migrations/add-migration.sh <Name>.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_migrations_start_with_Initial_and_belong_to_their_context_only(string provider)
    {
        using var context = CreateDesignTimeContext(provider);
        var contextType = context.GetType();
        var migrations = context.GetService<IMigrationsAssembly>().Migrations;

        Assert.NotEmpty(migrations);
        Assert.EndsWith("_Initial", migrations.Keys.Order(StringComparer.Ordinal).First(), StringComparison.Ordinal);
        Assert.All(migrations.Values, type =>
        {
            Assert.Equal(contextType, type.GetCustomAttribute<DbContextAttribute>()?.ContextType);
            Assert.Equal($"Portal.Data.Migrations.{provider}", type.Namespace);
        });

        var declared = typeof(PortalDbContext).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && t.Namespace == $"Portal.Data.Migrations.{provider}")
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()!.Id);
        Assert.Equal(declared.Order(StringComparer.Ordinal), migrations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(contextType, context.GetService<IMigrationsAssembly>().ModelSnapshot?.GetType()
            .GetCustomAttribute<DbContextAttribute>()?.ContextType);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_context_uses_its_own_provider(string provider)
    {
        using var context = CreateDesignTimeContext(provider);

        var expected = provider switch
        {
            "Sqlite" => "Microsoft.EntityFrameworkCore.Sqlite",
            "SqlServer" => "Microsoft.EntityFrameworkCore.SqlServer",
            _ => "Npgsql.EntityFrameworkCore.PostgreSQL",
        };
        Assert.Equal(expected, context.Database.ProviderName);
    }

    private static PortalDbContext CreateDesignTimeContext(string provider) => provider switch
    {
        "Sqlite" => Create(new SqliteDesignTimeFactory()),
        "SqlServer" => Create(new SqlServerDesignTimeFactory()),
        "Postgres" => Create(new PostgresDesignTimeFactory()),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static TContext Create<TContext>(IDesignTimeDbContextFactory<TContext> factory) where TContext : DbContext =>
        factory.CreateDbContext([]);
}
