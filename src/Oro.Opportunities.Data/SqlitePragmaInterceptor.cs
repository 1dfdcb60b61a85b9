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
        command.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }
}
