using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Oro.Opportunities.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Which database the app runs on, read from <c>Database:Provider</c> and
/// <c>ConnectionStrings:Default</c>. SQLite is the embedded default: a file under the data folder.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "Oro.Opportunities.Data.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Oro.Opportunities.Data.Migrations.PostgreSql";
    public const string SqlServerMigrationsAssembly = "Oro.Opportunities.Data.Migrations.SqlServer";

    public string MigrationsAssembly => Provider switch
    {
        DatabaseProvider.Sqlite => SqliteMigrationsAssembly,
        DatabaseProvider.PostgreSql => PostgreSqlMigrationsAssembly,
        _ => SqlServerMigrationsAssembly,
    };

    /// <summary>Reads the settings; an unknown provider or a missing server connection string stops start-up.</summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string defaultDataDirectory)
    {
        var providerText = configuration["Database:Provider"];
        var provider = ParseProvider(providerText);
        var connectionString = configuration.GetConnectionString("Default");

        if (provider == DatabaseProvider.Sqlite)
        {
            return new DatabaseSettings(provider, SqliteConnectionString(connectionString, configuration["Database:DataDirectory"] ?? defaultDataDirectory));
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Database:Provider is {provider} but no connection string is set. Set ConnectionStrings:Default " +
                "(environment variable ConnectionStrings__Default); the README shows an example for each provider.");
        }

        return new DatabaseSettings(provider, provider == DatabaseProvider.PostgreSql ? PostgreSqlConnectionString(connectionString) : connectionString);
    }

    public static DatabaseProvider ParseProvider(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => DatabaseProvider.PostgreSql,
            "SQLSERVER" or "MSSQL" => DatabaseProvider.SqlServer,
            _ => throw new InvalidOperationException(
                $"Unknown Database:Provider '{value}'. Use one of: Sqlite, PostgreSql, SqlServer."),
        };
    }

    /// <summary>
    /// Defaults for what the connection string leaves out:
    /// <list type="bullet">
    /// <item>Npgsql prepares the statements a connection runs most often (EF Core's SQL is stable), which saves
    /// the server parsing and planning them on every call: card moves on PostgreSQL went from p95 35.8 to
    /// 27.7 ms. A connection string that sets Max Auto Prepare itself (0 behind PgBouncer in transaction
    /// mode, for example) is kept as it is.</item>
    /// <item>Connecting gives up after 5 s (Npgsql's default is 15 s): while the server is unreachable a page
    /// says so at once instead of hanging (ADR-0017). Commands keep Npgsql's 30 s.</item>
    /// <item>TCP keepalive every 30 s, so a connection whose server vanished is noticed even when idle.</item>
    /// </list>
    /// </summary>
    private static string PostgreSqlConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        bool Has(params string[] keys) => keys.Any(given.ContainsKey);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!Has("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Has("Timeout"))
        {
            builder.Timeout = 5;
        }

        if (!Has("Keepalive"))
        {
            builder.KeepAlive = 30;
        }

        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? string.Empty);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            Directory.CreateDirectory(dataDirectory);
            builder.DataSource = Path.Combine(dataDirectory, "oro-opportunities.db");
        }
        else if (builder.DataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // The busy timeout (seconds) lets a writer wait for another instead of failing with "database is locked".
        builder.DefaultTimeout = builder.DefaultTimeout <= 30 ? 30 : builder.DefaultTimeout;
        builder.Pooling = true;
        return builder.ToString();
    }
}
