using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Jobs;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.Currencies;

/// <summary>
/// Background base-currency changes as rows every node sees (ADR-0014): queue one (one at a time,
/// across all nodes), and the state the settings page shows, whichever node runs it.
/// </summary>
public sealed class BaseCurrencyChangeJobs(AppDbContext db, IBaseCurrencyChangeScheduler scheduler, BaseCurrencyChangeStatus local, TimeProvider clock)
{
    public async Task<int> QueueAsync(string target, CurrencyDisplay display, long expectedRevision, int? userId, int deals, CancellationToken cancellationToken)
    {
        if (await db.BaseCurrencyChangeJobs.AnyAsync(j => j.State == BaseCurrencyChangeState.Queued || j.State == BaseCurrencyChangeState.Running, cancellationToken))
        {
            throw new DomainRuleException("A change of the base currency is already running. Wait for it to finish.");
        }

        var job = new BaseCurrencyChangeJob(target, display.ToString(), expectedRevision, userId, deals, clock.GetUtcNow().UtcDateTime);
        db.BaseCurrencyChangeJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            scheduler.Enqueue(job.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            job.Fail("The change could not be started in the background (" + ex.GetBaseException().Message + "). Try again in a moment.", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return job.Id;
    }

    /// <summary>
    /// The last change as the settings page shows it: this node's own progress when it runs it (phases
    /// and all), otherwise the job row's state and the progress its node last wrote with its heartbeat.
    /// </summary>
    public async Task<BaseCurrencyChangeStatus.Snapshot?> CurrentAsync(CancellationToken cancellationToken)
    {
        var row = await db.BaseCurrencyChangeJobs.AsNoTracking().OrderByDescending(j => j.Id).FirstOrDefaultAsync(cancellationToken);
        var mine = local.Current;
        if (row is null || (mine.Target is not null && mine.StartedAt >= row.CreatedAt && (!mine.Running || mine.Target == row.TargetCurrency)))
        {
            return mine.Target is null ? null : mine;
        }

        var running = !row.IsFinished;
        var progress = ParseProgress(row.Progress)
            ?? new RevaluationProgress(row.State == BaseCurrencyChangeState.Queued ? "Queued" : $"Running on node {row.LeaseOwner ?? "(being taken over)"}", 0, 1);
        var phases = mine.Target == row.TargetCurrency && !mine.Running ? mine.Phases : [];
        return new BaseCurrencyChangeStatus.Snapshot(
            row.TargetCurrency, running, running ? progress : null, row.ErrorMessage, row.FinishedAt, row.Revalued, row.StartedAt ?? row.CreatedAt, phases);
    }

    /// <summary>The heartbeat's progress text: phase, done and total separated by tabs.</summary>
    internal static string FormatProgress(RevaluationProgress progress)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{progress.Phase}\t{progress.Done}\t{progress.Total}");
        return text.Length <= BaseCurrencyChangeJob.ProgressMaxLength ? text : text[..BaseCurrencyChangeJob.ProgressMaxLength];
    }

    private static RevaluationProgress? ParseProgress(string? text)
    {
        var parts = text?.Split('\t');
        return parts is { Length: 3 }
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var done)
            && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var total)
            ? new RevaluationProgress(parts[0], done, total)
            : null;
    }
}

/// <summary>
/// Runs a queued base-currency change under a lease (ADR-0014). The change is one transaction and its
/// row turns Completed inside it, so whatever stops a run — a lost node, a database restart, a
/// shut-down — leaves either the whole change committed (and the row Completed) or nothing of it, and
/// the node that goes on starts it again from the beginning.
/// </summary>
public sealed class BaseCurrencyChangeRunner(
    IServiceScopeFactory scopes, JobLeases leases, JobDbContextFactory contexts, BaseCurrencyChangeStatus status, TimeProvider clock, ILogger<BaseCurrencyChangeRunner> logger)
{
    public async Task RunAsync(int jobId, CancellationToken cancellationToken = default)
    {
        var lease = await leases.TryStartAsync(LeasedJobKinds.BaseCurrencyChange, jobId, cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Base-currency change {JobId} is finished, missing or held by another node; nothing to run here.", jobId);
            return;
        }

        await RunLeasedAsync(lease, takeover: null, cancellationToken);
    }

    public async Task RunLeasedAsync(JobLease lease, Takeover? takeover, CancellationToken cancellationToken)
    {
        await using var held = lease.Begin(cancellationToken);
        var jobId = lease.JobId;
        lease.OnHeartbeat = (db, token) =>
            status.Current is { Running: true, Progress: { } progress }
                ? db.BaseCurrencyChangeJobs.Where(j => j.Id == jobId && j.LeaseOwner == lease.NodeId)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, BaseCurrencyChangeJobs.FormatProgress(progress)), token)
                : Task.CompletedTask;
        var notes = new List<string>();
        if (takeover is not null)
        {
            notes.Add($"{takeover.Reason(leases.Options.Lease)}; started again on node {lease.NodeId} (the change is one transaction: nothing of the interrupted run was kept).");
        }

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
                logger.LogWarning("Base-currency change {JobId}: node {Node} lost its lease; the node that took it over runs it.", jobId, lease.NodeId);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || !lease.Token.IsCancellationRequested)
            {
                await lease.ReleaseAsync((db, token) => AddHistoryAsync(db, jobId, $"node {lease.NodeId} shut down during the change (nothing of it was kept) and handed it back", token));
                throw;
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                var lostAt = Now;
                logger.LogWarning("Base-currency change {JobId}: the database is unreachable ({Error}); waiting for it.", jobId, ex.GetBaseException().Message);
                if (!await WaitForDatabaseAsync(lease.Token))
                {
                    return;
                }

                notes.Add($"database unreachable for {(Now - lostAt).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (nothing of the change was kept); started again on node {lease.NodeId}.");
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private string Stamp(string text) => Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC: " + text;

    private async Task RunOnceAsync(JobLease lease, List<string> notes, CancellationToken cancellationToken)
    {
        var jobId = lease.JobId;
        BaseCurrencyChangeJob job;
        await using (var db = contexts.Create(0))
        {
            job = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
            if (!job.Start(Now))
            {
                return;
            }

            if (notes.Count == 0)
            {
                job.AddHistory(Stamp(job.Attempts == 1 ? $"started on node {lease.NodeId}." : $"started again on node {lease.NodeId}."));
            }

            foreach (var note in notes)
            {
                job.AddHistory(Stamp(note));
            }

            await db.SaveChangesAsync(cancellationToken);
            notes.Clear();
        }

        // A new scope per attempt: a run the database dropped leaves its context unusable.
        using var scope = scopes.CreateScope();
        var change = scope.ServiceProvider.GetRequiredService<BaseCurrencyChange>();
        try
        {
            await change.RunAsync(
                job.TargetCurrency, Enum.Parse<CurrencyDisplay>(job.Display), job.ExpectedRevision, job.UserId, progress: null,
                beforeCommit: async (db, revalued, token) =>
                {
                    // Only the lease holder commits, and the row turns Completed with the change itself.
                    await lease.FenceAsync(db, token);
                    var row = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, token);
                    row.Complete(revalued, Now);
                    row.AddHistory(Stamp($"finished on node {lease.NodeId}: {revalued.ToString("N0", CultureInfo.InvariantCulture)} deals re-valued."));
                    await db.SaveChangesAsync(token);
                },
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not LeaseLostException && !DatabaseErrors.IsUnavailable(ex) && !lease.Lost)
        {
            logger.LogError(ex, "Base-currency change {JobId} failed.", jobId);
            await using var db = contexts.Create(0);
            var row = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
            if (!row.IsFinished)
            {
                row.Fail(ex is DomainRuleException ? ex.Message : "The change failed and was rolled back: " + ex.GetBaseException().Message, Now);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    private async Task AddHistoryAsync(AppDbContext db, int jobId, string text, CancellationToken cancellationToken)
    {
        var job = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        job.AddHistory(Stamp(text + "."));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> WaitForDatabaseAsync(CancellationToken cancellationToken)
    {
        var until = Now + TimeSpan.FromSeconds(leases.Options.DatabaseWaitSeconds);
        while (Now < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            try
            {
                await using var db = contexts.Create(0);
                _ = await db.BaseCurrencyChangeJobs.AnyAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
            }
        }

        return false;
    }
}
