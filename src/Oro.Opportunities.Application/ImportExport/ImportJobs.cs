using System.Security.Cryptography;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>A job as the import pages show it; <c>UserName</c> is the display name of who ran it.</summary>
public sealed record ImportJobSummary(
    int Id,
    string Kind,
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

    /// <summary>Rows read that neither created, updated nor failed: they matched a record and changed nothing.</summary>
    public int RowsUnchanged => Math.Max(0, RowsRead - RowsCreated - RowsUpdated - RowsFailed);

    /// <summary>Held: the same file was imported before and the user has not confirmed yet.</summary>
    public bool AwaitsConfirmation => State == ImportJobState.AwaitingConfirmation;

    public int Percent => State == ImportJobState.Completed ? 100 : FileSize <= 0 ? 0 : (int)Math.Clamp(BytesProcessed * 100 / FileSize, 0, 99);

    public TimeSpan? Duration => StartedAt is { } started ? (FinishedAt ?? DateTime.UtcNow) - started : null;

    public IReadOnlyList<string> NoticeLines => Notices?.Split('\n') ?? [];

    /// <summary>What happened to the run: the node that started it, a node lost, a hand-back, a resume (ADR-0017).</summary>
    public IReadOnlyList<string> HistoryLines => Domain.Jobs.JobHistory.Lines(History);
}

/// <summary>One line of a job's error report.</summary>
public sealed record ImportErrorLine(int Row, string? Column, string? Value, string Message);

/// <summary>An earlier import of the same file (same SHA-256): when, by whom, with what result; <see cref="Visible"/> when the reader may open it.</summary>
public sealed record PreviousImport(int JobId, string UserName, DateTime At, ImportJobState State, int RowsCreated, int RowsUpdated, bool Visible);

/// <summary>
/// The import use cases behind the pages: queue an upload, list and show jobs, cancel, and the
/// error report. A job is visible to the user who ran it and to administrators; others get 404.
/// </summary>
public sealed class ImportJobs(AppDbContext db, AccessControl accessControl, DatabaseFileStore files, IImportJobScheduler scheduler, TimeProvider clock)
{
    public async Task<int> QueueAsync(Stream content, string fileName, ImportMode mode, bool matchByName, CancellationToken cancellationToken = default) =>
        await QueueAsync(ImportKinds.Opportunities, content, fileName, mode, matchByName, cancellationToken);

    /// <summary>
    /// Stores the upload and queues a job that imports it as <paramref name="kind"/> (<see cref="ImportKinds"/>).
    /// An Import of a file whose content (SHA-256) was imported before is held instead: the job page
    /// says when and by whom, and the user confirms or drops it.
    /// </summary>
    public async Task<int> QueueAsync(string kind, Stream content, string fileName, ImportMode mode, bool matchByName, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.Has(Capability.Import))
        {
            throw new ForbiddenException("You do not have the Import permission.");
        }

        // The file goes into the database (1 MB chunks), so that any node can run the job (ADR-0017); hashed as it streams in.
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Guid uploadId;
        long size;
        await using (var hashing = new HashingStream(content, sha256))
        {
            (uploadId, size) = await files.SaveAsync(hashing, cancellationToken);
        }

        var job = new ImportJob(access.UserId, fileName, uploadId, size, mode, matchByName, clock.GetUtcNow().UtcDateTime, kind);
        job.SetFileHash(Convert.ToHexStringLower(sha256.GetHashAndReset()));
        if (mode == ImportMode.Import && await ImportedBefore(kind, job.FileHash!).AnyAsync(cancellationToken))
        {
            job.AwaitConfirmation();
        }

        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        if (job.State == ImportJobState.AwaitingConfirmation)
        {
            return job.Id;
        }

        await EnqueueAsync(job, cancellationToken);
        return job.Id;
    }

    /// <summary>The user imports a held file after all; false when the job was not waiting (already confirmed or dropped).</summary>
    public async Task<bool> ConfirmAsync(int id, CancellationToken cancellationToken = default)
    {
        var visible = await VisibleAsync(cancellationToken);
        var job = await visible.AsTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) ?? throw new NotFoundException();
        if (!job.Confirm())
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        await EnqueueAsync(job, cancellationToken);
        return true;
    }

    /// <summary>The most recent earlier run that imported this job's file (same content), if any.</summary>
    public async Task<PreviousImport?> PreviousImportAsync(int id, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(id, cancellationToken);
        var hash = await db.ImportJobs.AsNoTracking().Where(j => j.Id == id).Select(j => j.FileHash).FirstOrDefaultAsync(cancellationToken);
        if (hash is null)
        {
            return null;
        }

        var previous = await (
                from j in ImportedBefore(job.Kind, hash)
                where j.Id != job.Id && j.CreatedAt <= job.CreatedAt
                join u in db.Users on j.UserId equals u.Id
                orderby j.CreatedAt descending, j.Id descending
                select new { j.Id, j.UserId, u.FirstName, u.LastName, u.UserName, j.CreatedAt, j.State, j.RowsCreated, j.RowsUpdated })
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is null)
        {
            return null;
        }

        var access = await accessControl.GetAsync(cancellationToken);
        var name = $"{previous.FirstName} {previous.LastName}".Trim() is { Length: > 0 } full ? full : previous.UserName ?? "?";
        var visible = previous.UserId == access.UserId || await IsAdministratorAsync(access.UserId, cancellationToken);
        return new PreviousImport(previous.Id, name, previous.CreatedAt, previous.State, previous.RowsCreated, previous.RowsUpdated, visible);
    }

    /// <summary>Import runs of a file with this content, as the same kind of record, that may have written records (not validations, not runs dropped before their first chunk).</summary>
    private IQueryable<ImportJob> ImportedBefore(string kind, string hash) =>
        db.ImportJobs.AsNoTracking().Where(j =>
            j.FileHash == hash && j.Kind == kind && j.Mode == ImportMode.Import
            && (j.State == ImportJobState.Queued || j.State == ImportJobState.Running || j.State == ImportJobState.Completed || j.LastCommittedRow > 1));

    private async Task EnqueueAsync(ImportJob job, CancellationToken cancellationToken)
    {
        try
        {
            scheduler.Enqueue(job.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job page says so instead of an error page; the upload is not kept.
            job.Fail("The import could not be started in the background (" + ex.GetBaseException().Message + "). Try again in a moment.", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            await files.DeleteAsync(job.UploadId, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The latest jobs of every kind (System → Background jobs, Home's recent imports).</summary>
    public async Task<IReadOnlyList<ImportJobSummary>> ListAsync(int take = 50, CancellationToken cancellationToken = default) =>
        await Project(await VisibleAsync(cancellationToken)).Take(take).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ImportJobSummary>> ListAsync(string kind, int take = 50, CancellationToken cancellationToken = default)
    {
        var visible = await VisibleAsync(cancellationToken);
        return await Project(visible.Where(j => j.Kind == kind)).Take(take).ToListAsync(cancellationToken);
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
        if (job.State is ImportJobState.Queued or ImportJobState.AwaitingConfirmation)
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

    /// <summary>
    /// The "errors with data" file: the failed rows as they were in the file, with the reasons in an
    /// extra column, ready to fix and import again (see <see cref="ErrorsWithData"/>).
    /// </summary>
    public async Task WriteErrorsWithDataAsync(int id, Stream output, CancellationToken cancellationToken = default)
    {
        _ = await GetAsync(id, cancellationToken);
        await ErrorsWithData.WriteAsync(db, id, output, cancellationToken);
    }

    private async Task<IQueryable<ImportJob>> VisibleAsync(CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var userId = access.UserId;
        var jobs = db.ImportJobs.AsNoTracking();
        return await IsAdministratorAsync(userId, cancellationToken) ? jobs : jobs.Where(j => j.UserId == userId);
    }

    private Task<bool> IsAdministratorAsync(int userId, CancellationToken cancellationToken)
    {
        var administrator = SystemRoles.Administrator.ToUpperInvariant();
        return db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == administrator), cancellationToken);
    }

    private IQueryable<ImportJobSummary> Project(IQueryable<ImportJob> jobs) =>
        from j in jobs
        join u in db.Users on j.UserId equals u.Id
        orderby j.CreatedAt descending, j.Id descending
        select new ImportJobSummary(
            j.Id, j.Kind, j.UserId, (u.FirstName + " " + u.LastName).Trim() == "" ? u.UserName! : (u.FirstName + " " + u.LastName).Trim(), j.FileName, j.FileSize, j.Mode, j.MatchByName, j.State, j.CreatedAt, j.StartedAt, j.FinishedAt,
            j.RowsRead, j.RowsCreated, j.RowsUpdated, j.RowsFailed, j.LastCommittedRow, j.BytesProcessed, j.CancelRequested,
            j.Notices, j.ErrorMessage, j.Attempts, j.LeaseOwner, j.History);
}

/// <summary>Reads a stream through, feeding every byte read into a hash (the upload is hashed while it is stored).</summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        hash.AppendData(buffer, offset, read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
