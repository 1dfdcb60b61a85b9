using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Oro.Opportunities.Data;

/// <summary>
/// Per-connection SQLite settings. WAL itself is persistent and set once at start-up; NORMAL
/// synchronisation is safe under WAL and makes each commit an order of magnitude cheaper.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static SqlitePragmaInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // SQLite's own busy handler waits in steps of a few milliseconds for another writer; without it
        // Microsoft.Data.Sqlite retries a busy statement only every 150 ms, which queues concurrent
        // writers (board moves, an import beside interactive edits) for far longer than needed.
        command.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        command.ExecuteNonQuery();
    }
}
