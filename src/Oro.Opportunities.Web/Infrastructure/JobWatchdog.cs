using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Jobs;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Runs on every node that processes jobs (ADR-0017): every few seconds it takes over jobs whose node
/// was lost (lease expired), handed back (a graceful shut-down) or that never started, and resumes them
/// here; now and then it removes uploads no job needs. On shut-down the jobs it runs hand themselves back.
/// </summary>
public sealed class JobWatchdog(JobTakeover takeover, IOptions<JobLeaseOptions> options, IConfiguration configuration, ILogger<JobWatchdog> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, byte> running = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = Math.Max(1, configuration.GetValue("BackgroundJobs:WorkerCount", 2));
        var lastCleanUp = DateTime.MinValue;

        // Nodes started together would scan in lock-step; a random offset spreads them.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)options.Value.Watchdog.TotalMilliseconds)), stoppingToken);
        using var timer = new PeriodicTimer(options.Value.Watchdog);
        do
        {
            try
            {
                foreach (var job in await takeover.ClaimAsync(slots - running.Count, stoppingToken))
                {
                    var run = Task.Run(() => takeover.RunAsync(job, stoppingToken), CancellationToken.None);
                    running.TryAdd(run, 0);
                    _ = run.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
                }

                if (DateTime.UtcNow - lastCleanUp > TimeSpan.FromMinutes(10))
                {
                    lastCleanUp = DateTime.UtcNow;
                    var removed = await takeover.CleanUpUploadsAsync(stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogInformation("Removed {Chunks} chunks of uploads no job needs.", removed);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be down; the next round tries again.
                if (DatabaseErrors.IsUnavailable(ex))
                {
                    logger.LogDebug("Job watchdog: the database is unreachable ({Error}).", ex.GetBaseException().Message);
                }
                else
                {
                    logger.LogError(ex, "Job watchdog round failed.");
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The runs see the stopping token, hand their jobs back and end; wait for that (within the host's shut-down time).
        await Task.WhenAll(running.Keys).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
