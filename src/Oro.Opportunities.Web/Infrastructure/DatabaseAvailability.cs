using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Watches the database server from one connection of its own (ADR-0017). PostgreSQL tells every
/// connection when it shuts down, so the monitor notices a restart the moment it begins: it clears the
/// connection pools (otherwise every broken pooled connection would fail one request after the server
/// is back), marks the database down — pages answer 503 at once instead of waiting for a connect
/// timeout — and probes four times a second until the server answers again, then clears the pools once
/// more and lets requests through. A request that meets a connection failure on its own reports it here.
/// SQLite (a file) needs none of this.
/// </summary>
public sealed class DatabaseAvailability(DatabaseSettings settings, ILogger<DatabaseAvailability> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim wake = new(0, 1);
    private volatile bool down;
    private long downSinceTicks;

    public bool Monitored => settings.Provider != DatabaseProvider.Sqlite;

    /// <summary>True while the server does not answer: requests are refused with 503 without trying.</summary>
    public bool IsDown => down;

    public DateTime? DownSince => down ? new DateTime(Interlocked.Read(ref downSinceTicks), DateTimeKind.Utc) : null;

    /// <summary>A request failed to reach the database: drop the pooled connections and check now.</summary>
    public void ReportFailure(Exception exception)
    {
        if (!Monitored || !DatabaseErrors.IsUnavailable(exception))
        {
            return;
        }

        DatabaseConnections.ClearPools(settings);
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Monitored)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = DatabaseConnections.CreateProbe(settings);
                await connection.OpenAsync(stoppingToken);
                await PingAsync(connection, stoppingToken);
                MarkUp();
                while (true)
                {
                    await WaitAsync(connection, stoppingToken);
                    await PingAsync(connection, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsSlowness(ex))
            {
                // A busy server (or a starved machine) answering late is not an outage: requests wait for it as usual.
                logger.LogInformation("Database monitor: the server answered late ({Error}).", ex.GetBaseException().Message);
            }
            catch (Exception ex)
            {
                // The monitor's own connection broke or could not be opened: every pooled one is suspect.
                DatabaseConnections.ClearPools(settings);
                if (!down && await ReachableAsync(stoppingToken))
                {
                    // One connection lost (a killed backend, an idle timeout), the server is fine.
                    logger.LogInformation("Database monitor reconnected ({Error}); pooled connections cleared.", ex.GetBaseException().Message);
                    continue;
                }

                MarkDown(ex);
                await Task.Delay(RetryInterval, stoppingToken);
            }
        }
    }

    private async Task<bool> ReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = DatabaseConnections.CreateProbe(settings);
            await connection.OpenAsync(cancellationToken);
            await PingAsync(connection, cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsSlowness(ex))
        {
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A time-out: the server did not answer in time, which is not the same as refusing or dropping the connection.</summary>
    private static bool IsSlowness(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Waits for the next check: on PostgreSQL idle on the connection for up to a second, so the server's
    /// shut-down notice ends the wait at once (as an error); otherwise until a request reports a failure or the interval passes.
    /// </summary>
    private async Task WaitAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await npgsql.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            if (wake.CurrentCount > 0)
            {
                await wake.WaitAsync(TimeSpan.Zero, cancellationToken);
            }

            return;
        }

        await wake.WaitAsync(CheckInterval, cancellationToken);
    }

    private static async Task PingAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        command.CommandTimeout = 5;
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private void MarkDown(Exception ex)
    {
        if (down)
        {
            return;
        }

        Interlocked.Exchange(ref downSinceTicks, DateTime.UtcNow.Ticks);
        down = true;
        logger.LogWarning("The database is unreachable ({Error}): pages answer 503 until it is back.", ex.GetBaseException().Message);
    }

    private void MarkUp()
    {
        if (!down)
        {
            return;
        }

        // Connections opened while the server was starting may be in a bad state too.
        DatabaseConnections.ClearPools(settings);
        var since = DownSince;
        down = false;
        logger.LogWarning("The database is reachable again after {Seconds:0.0} s.", (DateTime.UtcNow - since)?.TotalSeconds ?? 0);
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}

/// <summary>
/// /health's database check: unhealthy at once while the monitor says the server is down; otherwise one
/// round trip (not only opening a pooled connection, which may be a broken one), within 5 seconds.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseAvailability availability, Oro.Opportunities.Data.AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (availability.IsDown)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        try
        {
            if (!availability.Monitored)
            {
                return await db.Database.CanConnectAsync(timeout.Token) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy();
            }

            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(timeout.Token);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["ms"] = clock.ElapsedMilliseconds });
        }
        catch (Exception ex) when (ex is OperationCanceledException or DbException || DatabaseErrors.IsUnavailable(ex))
        {
            availability.ReportFailure(ex);
            return HealthCheckResult.Unhealthy("The database did not answer.", ex is OperationCanceledException ? null : ex);
        }
    }
}
