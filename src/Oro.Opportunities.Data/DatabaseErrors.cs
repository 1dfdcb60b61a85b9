using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Oro.Opportunities.Data;

/// <summary>
/// Tells a database that cannot be reached (down, restarting, the connection broken) from a request the
/// database refused. The first is worth waiting out — a page answers 503 "try again in a moment", a job
/// resumes when the database is back — the second is an error to report.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>PostgreSQL: shutting down (57P01–57P03), a connection failure (class 08), too many connections (53300).</summary>
    private static readonly string[] UnavailableStates = ["57P01", "57P02", "57P03", "53300"];

    public static bool IsUnavailable(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || UnavailableStates.Contains(postgres.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case SocketException or EndOfStreamException:
                    return true;
                case IOException when ex.InnerException is null or SocketException:
                    return true;
                case TimeoutException:
                    return true;
                case DbException { IsTransient: true }:
                    return true;
                case InvalidOperationException when ex.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }
}
