using Oro.Opportunities.Data;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>One app and database shared by the tests of a class. Tests create their own users and data.</summary>
public abstract class AppFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private OroAppFactory? factory;

    public OroAppFactory Factory => factory ?? throw new InvalidOperationException("The fixture has not started.");

    public DatabaseProvider Provider => provider;

    public ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(PostgresServer.BaseConnectionString))
        {
            // Tests call PostgresServer.EnsureAvailable() and skip or fail with the reason.
            return ValueTask.CompletedTask;
        }

        factory = new OroAppFactory(provider);
        _ = factory.Server; // Starts the host: migrates and seeds.
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Call at the start of each test; skips or fails PostgreSQL tests without a server.</summary>
    public OroAppFactory Start()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            PostgresServer.EnsureAvailable();
        }

        return Factory;
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseProvider.PostgreSql);
