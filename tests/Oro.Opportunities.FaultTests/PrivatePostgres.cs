using System.Diagnostics;
using Npgsql;

namespace Oro.Opportunities.FaultTests;

/// <summary>
/// A PostgreSQL cluster of the suite's own (initdb under /tmp, its own loopback port, trust auth on
/// loopback), so that restarting it disturbs nobody else's tests on the machine's main cluster.
/// As root, the server runs as the postgres user (it refuses root).
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string bin = ClusterEnvironment.PostgresBin;
    private readonly string dataDirectory;
    private readonly string logFile;

    private PrivatePostgres(string folder, int port)
    {
        Folder = folder;
        Port = port;
        dataDirectory = Path.Combine(folder, "data");
        logFile = Path.Combine(folder, "postgres.log");
    }

    public string Folder { get; }

    public int Port { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync(string parent)
    {
        var folder = Path.Combine(parent, "postgres");
        Directory.CreateDirectory(folder);
        var server = new PrivatePostgres(folder, ClusterEnvironment.FreePort());
        if (ClusterEnvironment.IsRoot)
        {
            await ClusterEnvironment.RunAsync("/bin/chown", ["postgres:postgres", folder]);
        }

        await ClusterEnvironment.RunAsync(Path.Combine(server.bin, "initdb"),
            ["-D", server.dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"], asUser: "postgres");
        await File.AppendAllTextAsync(Path.Combine(server.dataDirectory, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {server.Port}\nunix_socket_directories = '{folder}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\nshared_buffers = 128MB\n");
        if (ClusterEnvironment.IsRoot)
        {
            await ClusterEnvironment.RunAsync("/bin/chown", ["-R", "postgres:postgres", folder]);
        }

        await server.StartServerAsync();
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server (fast: open connections are told and closed) and returns when it is down.</summary>
    public Task StopServerAsync() =>
        ClusterEnvironment.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "stop"], asUser: "postgres");

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        await ClusterEnvironment.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "start"], asUser: "postgres");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=2");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ClusterEnvironment.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], asUser: "postgres", timeout: TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already stopped.
        }
    }
}
