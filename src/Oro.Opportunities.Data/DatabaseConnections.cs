using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Oro.Opportunities.Data;

/// <summary>Connections outside EF Core for the database monitor (ADR-0017), and clearing the connection pools.</summary>
public static class DatabaseConnections
{
    /// <summary>A connection of its own (not pooled) with a short connect timeout, for probing the server.</summary>
    public static DbConnection CreateProbe(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.PostgreSql => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 5,
            KeepAlive = 5,
            ApplicationName = "oro-opportunities-monitor",
        }.ConnectionString),
        DatabaseProvider.SqlServer => new SqlConnection(new SqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, ConnectTimeout = 5 }.ConnectionString),
        _ => throw new NotSupportedException("The embedded SQLite database needs no monitor."),
    };

    /// <summary>
    /// Drops every idle pooled connection: after the server restarted, each of them is broken, and a
    /// request handed one would fail although the server is back (Npgsql does not test connections it
    /// takes from its pool).
    /// </summary>
    public static void ClearPools(DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.PostgreSql:
                NpgsqlConnection.ClearAllPools();
                break;
            case DatabaseProvider.SqlServer:
                SqlConnection.ClearAllPools();
                break;
        }
    }
}
