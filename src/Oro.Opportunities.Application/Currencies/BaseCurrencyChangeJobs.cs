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
/// Background base-currency changes as rows every node sees (ADR-0017): queue one (one at a time,
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
/// Runs a queued base-currency change under a lease (ADR-0017). The change is one transaction and its
/// row turns Completed inside it, so whatever stops a run — a lost node, a database restart, a
/// shut-down — leaves either the whole change committed (and the row Completed) or nothing of it, and
/// the node that goes on starts it again from the beginning.
/// </summary>
public sealed class BaseCurrencyChangeRunner(
    IServiceScopeFactory scopes, JobLeases leases, JobDbContextFactory contexts, BaseCurrencyChangeStatus status, TimeProvider clock, ILogger<BaseCurrencyChangeRunner> logger)
    : LeasedJobRunner(contexts, leases, clock, logger)
{
    public async Task RunAsync(int jobId, CancellationToken cancellationToken = default)
    {
        var lease = await Leases.TryStartAsync(LeasedJobKinds.BaseCurrencyChange, jobId, cancellationToken);
        if (lease is null)
        {
            Logger.LogInformation("Base-currency change {JobId} is finished, missing or held by another node; nothing to run here.", jobId);
            return;
        }

        await RunLeasedAsync(lease, takeover: null, cancellationToken);
    }

    protected override string Describe(int jobId) => $"Base-currency change {jobId}";

    /// <summary>The heartbeat also writes this node's progress to the row, for the settings page on every node.</summary>
    protected override void OnBegin(JobLease lease) =>
        lease.OnHeartbeat = (db, token) =>
            status.Current is { Running: true, Progress: { } progress }
                ? db.BaseCurrencyChangeJobs.Where(j => j.Id == lease.JobId && j.LeaseOwner == lease.NodeId)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, BaseCurrencyChangeJobs.FormatProgress(progress)), token)
                : Task.CompletedTask;

    protected override string TakeoverNote(Takeover takeover, JobLease lease) =>
        $"{takeover.Reason(Leases.Options.Lease)}; started again on node {lease.NodeId} (the change is one transaction: nothing of the interrupted run was kept).";

    protected override string DatabaseNote(TimeSpan away, JobLease lease) =>
        $"database unreachable for {Seconds(away)} s (nothing of the change was kept); started again on node {lease.NodeId}.";

    protected override Task<string> HandBackNoteAsync(JobLease lease) =>
        Task.FromResult($"node {lease.NodeId} shut down during the change (nothing of it was kept) and handed it back");

    protected override async Task AddHistoryAsync(AppDbContext db, int jobId, string line, CancellationToken cancellationToken)
    {
        var job = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        job.AddHistory(line);
        await db.SaveChangesAsync(cancellationToken);
    }

    protected override Task GiveUpAsync(int jobId, Exception exception) => FailAsync(jobId, exception);

    protected override async Task RunOnceAsync(JobLease lease, List<string> notes, CancellationToken cancellationToken)
    {
        var jobId = lease.JobId;
        BaseCurrencyChangeJob job;
        await using (var db = Contexts.Create(0))
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
            Logger.LogError(ex, "Base-currency change {JobId} failed.", jobId);
            await FailAsync(jobId, ex);
        }
    }

    private async Task FailAsync(int jobId, Exception ex)
    {
        await using var db = Contexts.Create(0);
        var row = await db.BaseCurrencyChangeJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
        if (!row.IsFinished)
        {
            row.Fail(ex is DomainRuleException ? ex.Message : "The change failed and was rolled back: " + ex.GetBaseException().Message, Now);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
