using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Application.ImportExport;

namespace Oro.Opportunities.Application.Jobs;

/// <summary>A job this node has just taken over, ready to run.</summary>
public sealed record ClaimedJob(string Kind, JobLease Lease, Takeover Seen);

/// <summary>
/// What every node's watchdog does every few seconds (ADR-0017): find unfinished jobs whose lease ran
/// out (their node was lost), that were handed back (their node shut down), or that were queued and
/// never started, claim them, and resume them here — an import after its last committed chunk, a
/// base-currency change from the start (it is one transaction).
/// </summary>
public sealed class JobTakeover(JobLeases leases, IServiceScopeFactory scopes, DatabaseFileStore files, ILogger<JobTakeover> logger)
{
    /// <summary>Claims up to <paramref name="slots"/> orphaned jobs; each must then be run with <see cref="RunAsync"/>.</summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int slots, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedJob>();
        await ClaimKindAsync(LeasedJobKinds.Import, "import job");
        await ClaimKindAsync(LeasedJobKinds.BaseCurrencyChange, "base-currency change");
        return claimed;

        async Task ClaimKindAsync<T>(LeasedJobKind<T> kind, string what)
            where T : class, Domain.Jobs.ILeasedJob
        {
            if (claimed.Count >= slots)
            {
                return;
            }

            foreach (var (id, seen) in await leases.FindOrphansAsync(kind, cancellationToken))
            {
                if (claimed.Count >= slots)
                {
                    break;
                }

                if (await leases.TryTakeOverAsync(kind, id, seen, cancellationToken) is { } lease)
                {
                    logger.LogWarning("Node {Node} takes over {What} {JobId}: {Reason}.", leases.Node.Id, what, id, seen.Reason(leases.Options.Lease));
                    claimed.Add(new ClaimedJob(kind.Name, lease, seen));
                }
            }
        }
    }

    /// <summary>Runs a claimed job to its end (or until this node stops or loses the lease).</summary>
    public async Task RunAsync(ClaimedJob job, CancellationToken stopping)
    {
        using var scope = scopes.CreateScope();
        try
        {
            if (job.Kind == LeasedJobKinds.Import.Name)
            {
                await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunLeasedAsync(job.Lease, job.Seen, stopping);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<BaseCurrencyChangeRunner>().RunLeasedAsync(job.Lease, job.Seen, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Handed back for another node.
        }
        finally
        {
            await job.Lease.DisposeAsync();
        }
    }

    /// <summary>Removes uploads no unfinished job needs (a node lost in the middle of an upload); returns the chunks removed.</summary>
    public Task<int> CleanUpUploadsAsync(CancellationToken cancellationToken) => files.DeleteOrphansAsync(TimeSpan.FromHours(1), cancellationToken);
}
