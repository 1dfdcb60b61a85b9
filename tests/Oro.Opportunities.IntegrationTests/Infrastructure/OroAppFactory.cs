using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over a real, freshly migrated database of its own: a SQLite file in a temporary
/// folder, or a new PostgreSQL database created on the server named by <c>ORO_TEST_POSTGRES</c>.
/// </summary>
public sealed class OroAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-test-password-1";

    private readonly Dictionary<string, string?> settings;
    private readonly string dataFolder;
    private readonly string? postgresDatabase;

    /// <param name="postgresPort">On PostgreSQL, connect through this port instead of the server's (a test's TCP proxy in front of it).</param>
    public OroAppFactory(DatabaseProvider provider, IDictionary<string, string?>? extraSettings = null, int? postgresPort = null)
    {
        Provider = provider;
        dataFolder = Path.Combine(Path.GetTempPath(), "oro-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataFolder,
            ["Admin:Password"] = AdminPassword,
            ["BackgroundJobs:ServerEnabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",

            // Tests sign in hundreds of times a minute from one address; the throttling tests set their own limits.
            ["SignIn:PerAddressPermitLimit"] = "100000",
            ["SignIn:PerUserNamePermitLimit"] = "100000",
        };
        if (provider == DatabaseProvider.PostgreSql)
        {
            postgresDatabase = "oro_test_" + Guid.NewGuid().ToString("N")[..12];
            settings["Database:Provider"] = "PostgreSql";
            settings["ConnectionStrings:Default"] = PostgresServer.ConnectionStringFor(postgresDatabase, postgresPort);
        }
        else
        {
            settings["Database:Provider"] = "Sqlite";
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public DatabaseProvider Provider { get; }

    public string DataFolder => dataFolder;

    /// <summary>Settings that start another app instance on this one's database (and data folder).</summary>
    public Dictionary<string, string?> SameDatabase()
    {
        var same = new Dictionary<string, string?> { ["Database:DataDirectory"] = dataFolder };
        if (Provider == DatabaseProvider.PostgreSql)
        {
            same["ConnectionStrings:Default"] = settings["ConnectionStrings:Default"];
        }

        return same;
    }

    /// <summary>Every event the app logs.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs));
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        using var scope = Services.CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Creates an enabled user with the given roles (and team) straight through Identity.</summary>
    public async Task<AppUser> CreateUserAsync(string userName, string password, string[] roles, int? teamId = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, Email = userName + "@example.com", FirstName = userName, LastName = "Test", TeamId = teamId, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        foreach (var role in roles)
        {
            await users.AddToRoleAsync(user, role);
        }

        return user;
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgresDatabase is not null)
        {
            await PostgresServer.DropDatabaseAsync(postgresDatabase);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a background thread is left for the OS to clean.
        }
    }
}

/// <summary>
/// The PostgreSQL server for tests, from <c>ORO_TEST_POSTGRES</c> (a connection string without a
/// database). Without it the PostgreSQL tests skip and say so, unless <c>ORO_REQUIRE_POSTGRES=1</c>
/// (set by CI), where a missing server fails them instead.
/// </summary>
public static class PostgresServer
{
    public static string? BaseConnectionString => Environment.GetEnvironmentVariable("ORO_TEST_POSTGRES");

    public static bool Required => Environment.GetEnvironmentVariable("ORO_REQUIRE_POSTGRES") == "1";

    public static void EnsureAvailable()
    {
        if (!string.IsNullOrWhiteSpace(BaseConnectionString))
        {
            return;
        }

        if (Required)
        {
            throw new InvalidOperationException("ORO_REQUIRE_POSTGRES=1 but ORO_TEST_POSTGRES is not set: the PostgreSQL tests cannot run.");
        }

        Assert.Skip("PostgreSQL tests skipped: set ORO_TEST_POSTGRES (e.g. 'Host=localhost;Username=postgres;Password=postgres') to run them.");
    }

    public static string ConnectionStringFor(string database, int? port = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = database, Pooling = true };
        if (port is int through)
        {
            builder.Port = through;
        }

        return builder.ToString();
    }

    /// <summary>The server's address from <c>ORO_TEST_POSTGRES</c> (a proxy in front of it forwards there).</summary>
    public static (string Host, int Port) Endpoint
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString);
            return (builder.Host ?? "127.0.0.1", builder.Port);
        }
    }

    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = "postgres" }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
