using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Application.Jobs;

/// <summary>
/// Runs a job under a lease this node holds (ADR-0017), the same way for every kind of job: the heartbeat
/// renews the lease; a node that lost it stops without writing; when the host stops, the job is handed back
/// at once (its history says where); when the database goes away, the run waits for it and resumes from
/// what was committed, unless the same step failed five times. What happened before a run (taken over from
/// a lost node, the database away) goes into the job's history when the run starts.
/// </summary>
public abstract class LeasedJobRunner(JobDbContextFactory contexts, JobLeases leases, TimeProvider clock, ILogger logger)
{
    private const int MaxStalledRetries = 5;

    protected JobDbContextFactory Contexts => contexts;

    protected JobLeases Leases => leases;

    protected ILogger Logger => logger;

    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>"Import job 5", for the log.</summary>
    protected abstract string Describe(int jobId);

    /// <summary>One run: starts the job (writing <paramref name="notes"/> into its history, then clearing them) and works to its end.</summary>
    protected abstract Task RunOnceAsync(JobLease lease, List<string> notes, CancellationToken cancellationToken);

    /// <summary>The history line of a take-over, e.g. "node X lost (…); resumed at row {0} on node Y."</summary>
    protected abstract string TakeoverNote(Takeover takeover, JobLease lease);

    /// <summary>The history line after the database came back.</summary>
    protected abstract string DatabaseNote(TimeSpan away, JobLease lease);

    /// <summary>The history line of a hand-back at shut-down (without the time stamp and final full stop).</summary>
    protected abstract Task<string> HandBackNoteAsync(JobLease lease);

    /// <summary>Adds a (stamped) line to the job's history through <paramref name="db"/>.</summary>
    protected abstract Task AddHistoryAsync(AppDbContext db, int jobId, string line, CancellationToken cancellationToken);

    /// <summary>Marks the job failed after the same step failed again and again.</summary>
    protected abstract Task GiveUpAsync(int jobId, Exception exception);

    /// <summary>How far the job is (an import: its last committed row); the same value five failures running means it is stuck.</summary>
    protected virtual Task<int> ProgressAsync(int jobId) => Task.FromResult(0);

    /// <summary>Called once the heartbeat runs (e.g. to report progress with it).</summary>
    protected virtual void OnBegin(JobLease lease)
    {
    }

    /// <summary>Runs the job under <paramref name="lease"/> until it ends, this node stops or loses the lease.</summary>
    public async Task RunLeasedAsync(JobLease lease, Takeover? takeover, CancellationToken cancellationToken)
    {
        await using var held = lease.Begin(cancellationToken);
        OnBegin(lease);
        var jobId = lease.JobId;
        var notes = new List<string>();
        if (takeover is not null)
        {
            notes.Add(TakeoverNote(takeover, lease));
        }

        var (stalledAt, strikes) = (-1, 0);
        while (true)
        {
            try
            {
                await RunOnceAsync(lease, notes, lease.Token);
                await lease.ReleaseAsync();
                return;
            }
            catch (Exception ex) when (lease.Lost || ex is LeaseLostException)
            {
                logger.LogWarning("{Job}: node {Node} lost its lease; the node that took the job over continues it.", Describe(jobId), lease.NodeId);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || !lease.Token.IsCancellationRequested)
            {
                // Shut-down: the job stays Running and is handed back, so that another node resumes it at once.
                var note = await HandBackNoteAsync(lease);
                await lease.ReleaseAsync((db, token) => AddHistoryAsync(db, jobId, Stamp(note + "."), token));
                logger.LogWarning("{Job}: {Note}; any node resumes it.", Describe(jobId), note);
                throw;
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                var lostAt = Now;
                logger.LogWarning("{Job}: the database is unreachable ({Error}); waiting for it.", Describe(jobId), ex.GetBaseException().Message);
                if (!await WaitForDatabaseAsync(lease.Token))
                {
                    logger.LogWarning("{Job}: the database stayed unreachable; the first node to see it back resumes the job.", Describe(jobId));
                    return;
                }

                // A database that keeps failing the same step (a statement timing out every time) is not an outage to wait out for ever.
                var progress = await ProgressAsync(jobId);
                (stalledAt, strikes) = progress == stalledAt ? (progress, strikes + 1) : (progress, 1);
                if (strikes >= MaxStalledRetries)
                {
                    logger.LogError(ex, "{Job} failed: the same step failed {Times} times.", Describe(jobId), strikes);
                    await GiveUpAsync(jobId, new InvalidOperationException($"the database failed the same step {strikes} times ({ex.GetBaseException().Message})", ex));
                    await lease.ReleaseAsync();
                    return;
                }

                notes.Add(DatabaseNote(Now - lostAt, lease));
            }
        }
    }

    protected string Stamp(string text) => Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC: " + text;

    protected static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Polls the database every second until it answers; false when it did not within the configured wait (or the run is cancelled).</summary>
    private async Task<bool> WaitForDatabaseAsync(CancellationToken cancellationToken)
    {
        var until = Now + TimeSpan.FromSeconds(leases.Options.DatabaseWaitSeconds);
        while (Now < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            try
            {
                await using var db = contexts.Create(0);
                _ = await db.DataRevisions.AnyAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
            }
        }

        return false;
    }
}
