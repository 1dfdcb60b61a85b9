using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Database;

/// <summary>
/// Each provider's migrations must describe exactly the model: applied to an empty database they
/// leave nothing pending (SQLite, PostgreSQL), and SQL Server's snapshot matches the model.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrating_an_empty_sqlite_database_leaves_no_pending_model_changes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "oro-tests", Guid.NewGuid().ToString("N"));
        var settings = DatabaseSettings.FromConfiguration(new ConfigurationBuilder().Build(), folder);
        try
        {
            await using var db = CreateContext(settings);

            await DatabaseInitializer.MigrateAsync(db);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
            Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
            await AssertEveryMappedColumnExistsAsync(db, "SELECT name FROM pragma_table_info(@table)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Migrating_an_empty_postgresql_database_leaves_no_pending_model_changes()
    {
        PostgresServer.EnsureAvailable();
        var name = "oro_migr_" + Guid.NewGuid().ToString("N")[..10];
        var settings = new DatabaseSettings(DatabaseProvider.PostgreSql, PostgresServer.ConnectionStringFor(name));
        try
        {
            await using (var db = CreateContext(settings))
            {
                await DatabaseInitializer.MigrateAsync(db);

                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
                Assert.False(db.Database.HasPendingModelChanges());
                await AssertEveryMappedColumnExistsAsync(db, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table");
                await DatabaseInitializer.SeedReferenceDataAsync(db);
                Assert.Equal(7, await db.OpportunityStatuses.CountAsync());
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task A_first_start_on_sqlite_logs_no_warning_from_entity_framework()
    {
        // A newcomer's first start logged six "may not be in an expected state" / "cannot be executed in a
        // transaction" warnings from the migrations (issue 23).
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite);
        _ = factory.Server;

        var warnings = factory.Logs.All
            .Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning
                && e.Properties.TryGetValue("SourceContext", out var source)
                && source.ToString().StartsWith("\"Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            .Select(LogCapture.Describe)
            .ToList();
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task The_sql_server_migrations_match_the_model()
    {
        // No SQL Server runs here: compare the migrations' snapshot with the model, which needs no connection.
        var settings = new DatabaseSettings(DatabaseProvider.SqlServer, "Server=localhost;Database=oro_check;TrustServerCertificate=True");
        await using var db = CreateContext(settings);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public async Task Every_provider_has_the_same_migrations()
    {
        static async Task<string[]> NamesAsync(DatabaseSettings settings)
        {
            await using var db = CreateContext(settings);
            return [.. db.Database.GetMigrations().Select(m => m[15..])];
        }

        var sqlite = await NamesAsync(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        var postgres = await NamesAsync(new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=localhost;Database=x"));
        var sqlServer = await NamesAsync(new DatabaseSettings(DatabaseProvider.SqlServer, "Server=localhost;Database=x"));

        Assert.Equal(sqlite, postgres);
        Assert.Equal(sqlite, sqlServer);
    }

    private static AppDbContext CreateContext(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, settings);
        return new AppDbContext(options.Options);
    }

    /// <summary>
    /// The tables the migrations built have every column the model maps. The snapshot alone does not
    /// show it: a SQLite table rebuild in a migration made beside another one (merged later) copies the
    /// table as its own model knew it and silently drops the other migration's new columns.
    /// </summary>
    private static async Task AssertEveryMappedColumnExistsAsync(AppDbContext db, string columnsOfTable)
    {
        var missing = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetViewName() is null))
            {
                var table = entity.GetTableName()!;
                var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
                await using var command = connection.CreateCommand();
                command.CommandText = columnsOfTable;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@table";
                parameter.Value = table;
                command.Parameters.Add(parameter);
                var actual = new HashSet<string>(StringComparer.Ordinal);
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        actual.Add(reader.GetString(0));
                    }
                }

                missing.AddRange(entity.GetProperties()
                    .Select(p => p.GetColumnName(store))
                    .OfType<string>()
                    .Where(c => !actual.Contains(c))
                    .Select(c => $"{table}.{c}"));
            }
        }
        finally
        {
            await connection.CloseAsync();
        }

        Assert.Empty(missing.Distinct());
    }

    private static async Task<string?> ScalarAsync(AppDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (await command.ExecuteScalarAsync())?.ToString();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
