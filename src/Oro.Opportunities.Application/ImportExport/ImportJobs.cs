using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>A job as the import pages show it.</summary>
public sealed record ImportJobSummary(
    int Id,
    int UserId,
    string UserName,
    string FileName,
    long FileSize,
    ImportMode Mode,
    bool MatchByName,
    ImportJobState State,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int RowsRead,
    int RowsCreated,
    int RowsUpdated,
    int RowsFailed,
    int LastCommittedRow,
    long BytesProcessed,
    bool CancelRequested,
    string? Notices,
    string? ErrorMessage,
    int Attempts,
    string? LeaseOwner,
    string? History)
{
    public bool IsFinished => State is ImportJobState.Completed or ImportJobState.Failed or ImportJobState.Cancelled;

    public int Percent => State == ImportJobState.Completed ? 100 : FileSize <= 0 ? 0 : (int)Math.Clamp(BytesProcessed * 100 / FileSize, 0, 99);

    public TimeSpan? Duration => StartedAt is { } started ? (FinishedAt ?? DateTime.UtcNow) - started : null;

    public IReadOnlyList<string> NoticeLines => Notices?.Split('\n') ?? [];

    /// <summary>What happened to the run: the node that started it, a node lost, a hand-back, a resume (ADR-0015).</summary>
    public IReadOnlyList<string> HistoryLines => Domain.Jobs.JobHistory.Lines(History);
}

/// <summary>One line of a job's error report.</summary>
public sealed record ImportErrorLine(int Row, string? Column, string? Value, string Message);

/// <summary>
/// The import use cases behind the pages: queue an upload, list and show jobs, cancel, and the
/// error report. A job is visible to the user who ran it and to administrators; others get 404.
/// </summary>
public sealed class ImportJobs(AppDbContext db, AccessControl accessControl, DatabaseFileStore files, IImportJobScheduler scheduler, TimeProvider clock)
{
    public async Task<int> QueueAsync(Stream content, string fileName, ImportMode mode, bool matchByName, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.Has(Capability.Import))
        {
            throw new ForbiddenException("You do not have the Import permission.");
        }

        // The file goes into the database (1 MB chunks), so that any node can run the job (ADR-0015).
        var (uploadId, size) = await files.SaveAsync(content, cancellationToken);
        var job = new ImportJob(access.UserId, fileName, uploadId, size, mode, matchByName, clock.GetUtcNow().UtcDateTime);
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            scheduler.Enqueue(job.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job page says so instead of an error page; the upload is not kept.
            job.Fail("The import could not be started in the background (" + ex.GetBaseException().Message + "). Try again in a moment.", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            await files.DeleteAsync(uploadId, CancellationToken.None);
        }

        return job.Id;
    }

    public async Task<IReadOnlyList<ImportJobSummary>> ListAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        var visible = await VisibleAsync(cancellationToken);
        return await Project(visible).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<ImportJobSummary> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        var visible = await VisibleAsync(cancellationToken);
        return await Project(visible.Where(j => j.Id == id)).FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException();
    }

    public async Task<IReadOnlyList<ImportErrorLine>> ErrorsAsync(int id, int take, CancellationToken cancellationToken = default)
    {
        _ = await GetAsync(id, cancellationToken);
        return await db.ImportJobErrors.AsNoTracking().Where(e => e.JobId == id).OrderBy(e => e.Row).ThenBy(e => e.Id).Take(take)
            .Select(e => new ImportErrorLine(e.Row, e.Column, e.Value, e.Message)).ToListAsync(cancellationToken);
    }

    public async Task<int> ErrorCountAsync(int id, CancellationToken cancellationToken = default) =>
        await db.ImportJobErrors.CountAsync(e => e.JobId == id, cancellationToken);

    public async Task RequestCancelAsync(int id, CancellationToken cancellationToken = default)
    {
        var visible = await VisibleAsync(cancellationToken);
        var job = await visible.AsTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) ?? throw new NotFoundException();
        job.RequestCancel();
        if (job.State == ImportJobState.Queued)
        {
            // Not started yet: it will not start at all.
            job.Cancel(clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (job.State == ImportJobState.Cancelled)
        {
            await files.DeleteAsync(job.UploadId, CancellationToken.None);
        }
    }

    /// <summary>Writes the error report (Row, Column, Value, Message) as CSV, streamed in row order.</summary>
    public async Task WriteErrorReportAsync(int id, Stream output, CancellationToken cancellationToken = default)
    {
        _ = await GetAsync(id, cancellationToken);
        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(["Row", "Column", "Value", "Message"]);
        await foreach (var error in db.ImportJobErrors.AsNoTracking().Where(e => e.JobId == id).OrderBy(e => e.Row).ThenBy(e => e.Id)
            .Select(e => new ImportErrorLine(e.Row, e.Column, e.Value, e.Message)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            writer.WriteField(error.Row, default);
            writer.WriteField(error.Column);
            writer.WriteField(error.Value);
            writer.WriteField(error.Message);
            await writer.EndRecordAsync(cancellationToken);
        }
    }

    private async Task<IQueryable<ImportJob>> VisibleAsync(CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var userId = access.UserId;
        var administrator = SystemRoles.Administrator.ToUpperInvariant();
        var isAdministrator = await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == administrator), cancellationToken);
        var jobs = db.ImportJobs.AsNoTracking();
        return isAdministrator ? jobs : jobs.Where(j => j.UserId == userId);
    }

    private IQueryable<ImportJobSummary> Project(IQueryable<ImportJob> jobs) =>
        from j in jobs
        join u in db.Users on j.UserId equals u.Id
        orderby j.CreatedAt descending, j.Id descending
        select new ImportJobSummary(
            j.Id, j.UserId, u.UserName!, j.FileName, j.FileSize, j.Mode, j.MatchByName, j.State, j.CreatedAt, j.StartedAt, j.FinishedAt,
            j.RowsRead, j.RowsCreated, j.RowsUpdated, j.RowsFailed, j.LastCommittedRow, j.BytesProcessed, j.CancelRequested,
            j.Notices, j.ErrorMessage, j.Attempts, j.LeaseOwner, j.History);
}
