using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Jobs;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// Runs an import job (spec §5) of any kind of record (<see cref="IImportTarget"/>: opportunities,
/// leads): reads the CSV as a stream, checks each row, and hands the rows in chunks to the kind's
/// writer, which resolves what they refer to and applies them through the record's own rules. Each
/// chunk goes to the database in one transaction together with the job's counters and the chunk's
/// error rows, so a crash leaves whole chunks only and the job says how far it got. Validate runs
/// exactly the same code and rolls each chunk back instead of committing it.
/// </summary>
public sealed class ImportRunner(
    JobDbContextFactory contexts,
    ISystemConfiguration configuration,
    IImportFaultInjector faults,
    IOptions<ImportOptions> options,
    TimeProvider clock,
    IEnumerable<IOpportunityChangeHandler> changeHandlers,
    IEnumerable<IImportTarget> targets,
    DatabaseFileStore files,
    JobLeases leases,
    ILogger<ImportRunner> logger) : LeasedJobRunner(contexts, leases, clock, logger)
{
    /// <summary>
    /// Runs (or resumes) the job if no other node holds it (ADR-0017): claims its lease, then runs under it
    /// (<see cref="LeasedJobRunner.RunLeasedAsync"/>). Every chunk commits only while the lease is still this
    /// node's; a finished job, or one another node is running, is left alone.
    /// </summary>
    public async Task RunAsync(int jobId, CancellationToken cancellationToken = default)
    {
        var lease = await Leases.TryStartAsync(LeasedJobKinds.Import, jobId, cancellationToken);
        if (lease is null)
        {
            Logger.LogInformation("Import job {JobId} is finished, missing or held by another node; nothing to run here.", jobId);
            return;
        }

        await RunLeasedAsync(lease, takeover: null, cancellationToken);
    }

    protected override string Describe(int jobId) => $"Import job {jobId}";

    protected override string TakeoverNote(Takeover takeover, JobLease lease) =>
        $"{takeover.Reason(Leases.Options.Lease)}; resumed at row {{0}} on node {lease.NodeId}.";

    protected override string DatabaseNote(TimeSpan away, JobLease lease) =>
        $"database unreachable for {Seconds(away)} s; resumed at row {{0}} on node {lease.NodeId}.";

    protected override async Task<string> HandBackNoteAsync(JobLease lease) =>
        $"node {lease.NodeId} shut down after row {Rows(await ProgressAsync(lease.JobId))} and handed the job back";

    protected override async Task<int> ProgressAsync(int jobId)
    {
        try
        {
            await using var db = Contexts.Create(0);
            return await db.ImportJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.LastCommittedRow).FirstOrDefaultAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            return 0;
        }
    }

    protected override async Task AddHistoryAsync(AppDbContext db, int jobId, string line, CancellationToken cancellationToken)
    {
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        job.AddHistory(line);
        await db.SaveChangesAsync(cancellationToken);
    }

    protected override async Task GiveUpAsync(int jobId, Exception exception)
    {
        await using var db = Contexts.Create(0);
        await FailAsync(db, jobId, exception);
    }

    protected override async Task RunOnceAsync(JobLease lease, List<string> notes, CancellationToken cancellationToken)
    {
        var jobId = lease.JobId;
        int userId;
        await using (var lookup = Contexts.Create(0))
        {
            var owner = await lookup.ImportJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => (int?)j.UserId).FirstOrDefaultAsync(cancellationToken);
            if (owner is null)
            {
                Logger.LogWarning("Import job {JobId} does not exist in this database; nothing to run.", jobId);
                return;
            }

            userId = owner.Value;
        }

        await using var db = Contexts.Create(userId);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        if (!job.Start(Now))
        {
            return;
        }

        var resumeAt = Rows(Math.Max(2, job.LastCommittedRow + 1));
        if (notes.Count == 0)
        {
            job.AddHistory(Stamp(job.Attempts == 1 ? $"started on node {lease.NodeId}." : $"resumed at row {resumeAt} on node {lease.NodeId}."));
        }

        foreach (var note in notes)
        {
            job.AddHistory(Stamp(string.Format(CultureInfo.InvariantCulture, note, resumeAt)));
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        notes.Clear();
        var run = new Run(this, db, job, lease);
        await using var cache = await ImportConnection.OpenAsync(db, cancellationToken);
        try
        {
            await run.ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException and not LeaseLostException && !DatabaseErrors.IsUnavailable(ex) && !lease.Lost)
        {
            var failed = await FailAsync(db, jobId, ex);
            Logger.LogError(ex, "Import job {JobId} failed after row {Row}.", jobId, failed.LastCommittedRow);
        }
    }

    private static string Rows(int row) => row.ToString("N0", CultureInfo.InvariantCulture);

    private ISystemConfiguration Configuration => configuration;

    private ImportOptions Settings => options.Value;

    private IImportFaultInjector Faults => faults;

    private IEnumerable<IOpportunityChangeHandler> ChangeHandlers => changeHandlers;

    private DatabaseFileStore Files => files;

    private IImportTarget TargetOf(ImportJob job) =>
        targets.FirstOrDefault(t => t.Kind == job.Kind) ?? throw new DomainRuleException($"there is no importer for {job.Kind}.");

    private string StoppedMessage(ImportJob job, Exception ex)
    {
        var reason = ex switch
        {
            CsvFormatException format => $"row {format.RecordNumber}: the file cannot be read as CSV ({format.Message.TrimEnd('.')}). A row longer than {options.Value.MaxRecordBytes / 1024:N0} KB usually means a quote that is never closed.",
            DomainRuleException rule => rule.Message,
            DbUpdateException => "the database refused the rows of this chunk (" + (ex.InnerException?.Message ?? ex.Message) + ").",
            FileNotFoundException => "the uploaded file is no longer stored. Upload it again.",
            _ => ex.Message,
        };
        var done = job.LastCommittedRow > 1
            ? $" Rows up to {job.LastCommittedRow} were {(job.Mode == ImportMode.Import ? "imported" : "checked")}; the rows after it were not."
            : " No rows were " + (job.Mode == ImportMode.Import ? "imported." : "checked.");
        return "The import stopped: " + reason + done;
    }

    private async Task<ImportJob> FailAsync(AppDbContext db, int jobId, Exception ex)
    {
        db.ChangeTracker.Clear();
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
        if (job.IsFinished)
        {
            // Another node finished it meanwhile (this one had lost its lease); its outcome stands.
            return job;
        }

        job.Fail(StoppedMessage(job, ex), Now);
        await db.SaveChangesAsync(CancellationToken.None);
        await files.DeleteAsync(job.UploadId, CancellationToken.None);
        return job;
    }

    /// <summary>The state of one run: the look-ups that live for the whole file and the chunk loop.</summary>
    private sealed class Run(ImportRunner importer, AppDbContext db, ImportJob job, JobLease lease)
    {
        private readonly int jobId = job.Id;
        private readonly bool dryRun = job.Mode == ImportMode.Validate;
        private readonly int userId = job.UserId;
        private IImportChunkWriter writer = null!;
        private ImportColumnMap map = null!;
        private int chunkNumber;

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            var access = await AccessControl.LoadAsync(db, userId, cancellationToken);
            if (!access.Has(Capability.Import))
            {
                throw new DomainRuleException("you do not have the Import permission.");
            }

            var target = importer.TargetOf(job);
            var snapshot = await importer.Configuration.GetAsync(cancellationToken);
            // The job's user's time zone: a row closed without a close date closes on their today.
            var zone = TimeZones.Resolve(access.TimeZone, snapshot.TimeZone);
            writer = await target.StartAsync(new ImportRunContext(db, access, snapshot, userId, job.MatchByName, () => new UserTime(importer.Now, zone), importer.ChangeHandlers), cancellationToken);

            var settings = importer.Settings;
            var malformed = new HashSet<long>();
            var readerOptions = CsvReaderOptions.Default with
            {
                Separator = ',',
                MaxRecordSize = settings.MaxRecordBytes,
                OnMalformedRecord = record => malformed.Add(record.RecordNumber),
            };
            if (job.UploadId == Guid.Empty)
            {
                throw new DomainRuleException("the file was kept on the disk of the node that received it (before uploads moved into the database). Upload it again.");
            }

            if (!await LooksLikeTextAsync(importer.Files, job.UploadId, cancellationToken))
            {
                throw new DomainRuleException("this is not a CSV text file. Choose a .csv file saved as \"CSV UTF-8\".");
            }

            // The upload is read from the database a chunk at a time, whichever node received it.
            using var reader = CsvReader.Create(importer.Files.OpenRead(job.UploadId), readerOptions, leaveOpen: false);

            reader.ReadHeader();
            var headers = reader.Headers;
            if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
            {
                throw new DomainRuleException("the file is empty: it needs a header row with the column names (download the import template) and at least one row.");
            }

            map = ImportColumnMap.Build(headers, target.Columns);
            if (map.Missing.Count > 0)
            {
                throw new DomainRuleException(
                    $"the file has no \"{string.Join("\", \"", map.Missing)}\" column. The first row must hold the column names of the import template ({target.Columns.TemplateStart}), separated by commas.");
            }

            job.SetNotices(map.Notices);

            // The header heads the "errors with data" file (a resumed run has it already).
            if (!await db.ImportJobFailedRows.AnyAsync(r => r.JobId == jobId && r.Row == 1, cancellationToken))
            {
                db.ImportJobFailedRows.Add(new ImportJobFailedRow(jobId, 1, ErrorsWithData.Record(headers)));
            }

            await db.SaveChangesAsync(cancellationToken);

            var chunk = new List<ImportRecordRow>(settings.ChunkSize);
            var sawRows = job.LastCommittedRow > 1;
            while (reader.Read())
            {
                sawRows = true;
                var row = checked((int)reader.RowNumber + 1);
                if (row <= job.LastCommittedRow)
                {
                    continue;
                }

                var parsed = writer.Read(reader, map, malformed.Remove(row));
                parsed.MarkParsed();
                chunk.Add(parsed);
                if (chunk.Count >= settings.ChunkSize)
                {
                    if (!await ProcessChunkAsync(chunk, reader.ByteOffset, cancellationToken))
                    {
                        return;
                    }

                    chunk.Clear();
                }
            }

            if (chunk.Count > 0 && !await ProcessChunkAsync(chunk, job.FileSize, cancellationToken))
            {
                return;
            }

            if (!sawRows)
            {
                throw new DomainRuleException("the file has a header row but no data rows.");
            }

            db.ChangeTracker.Clear();
            job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
            if (job.IsFinished)
            {
                return;
            }

            job.Complete(importer.Now);
            await db.SaveChangesAsync(cancellationToken);
            await importer.Files.DeleteAsync(job.UploadId, CancellationToken.None);
        }

        private void AddNotices(ChunkCounts counts)
        {
            if (counts.Notices is { Count: > 0 } added)
            {
                job.SetNotices((job.Notices?.Split('\n') ?? []).Concat(added).Distinct());
            }
        }

        /// <summary>A file with NUL bytes near its start is binary (a spreadsheet, an image), not CSV text.</summary>
        private static async Task<bool> LooksLikeTextAsync(DatabaseFileStore files, Guid uploadId, CancellationToken cancellationToken)
        {
            var start = new byte[4096];
            await using var file = files.OpenRead(uploadId);
            var read = 0;
            int n;
            while (read < start.Length && (n = await file.ReadAsync(start.AsMemory(read), cancellationToken)) > 0)
            {
                read += n;
            }

            var bytes = start.AsSpan(0, read);

            // UTF-16 files start with a byte order mark and contain NULs; the reader transcodes them.
            return bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || !bytes.Contains((byte)0);
        }

        /// <summary>Processes one chunk in one transaction; false when the user cancelled the job.</summary>
        private async Task<bool> ProcessChunkAsync(List<ImportRecordRow> rows, long byteOffset, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chunkNumber++;
            db.ChangeTracker.Clear();
            job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
            if (job.CancelRequested)
            {
                job.Cancel(importer.Now);
                await db.SaveChangesAsync(cancellationToken);
                await importer.Files.DeleteAsync(job.UploadId, CancellationToken.None);
                return false;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteChunkAsync(rows, byteOffset, cancellationToken);
                    return true;
                }
                catch (ConcurrencyConflictException) when (attempt < 3)
                {
                    // Someone edited one of these records meanwhile: the chunk was rolled back; read it again and retry.
                    db.ChangeTracker.Clear();
                    foreach (var row in rows)
                    {
                        row.ResetToParsed();
                    }

                    job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
                }
            }
        }

        private async Task WriteChunkAsync(List<ImportRecordRow> rows, long byteOffset, CancellationToken cancellationToken)
        {
            var stopwatch = Stopwatch.StartNew();
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);

            // The fence: the chunk is written only while this node holds the job's lease, and the row stays
            // locked until the commit, so no other node takes the job over with this chunk in flight (ADR-0017).
            await lease.FenceAsync(db, cancellationToken);

            // The kind's writer plans the rows and writes the records (with their audit entries and the
            // revisions cached figures are keyed by), inside this chunk's transaction.
            var counts = await writer.WriteAsync(rows, cancellationToken);
            var written = stopwatch.ElapsedMilliseconds;
            var failed = rows.Where(r => !r.IsValid).ToList();
            var errors = failed.SelectMany(r => r.Errors.Select(e => new ImportJobError(jobId, r.Row, e.Column, e.Value, e.Message))).ToList();
            var failedRows = failed.Select(r => new ImportJobFailedRow(jobId, r.Row, System.Text.Encoding.UTF8.GetString(r.RawRecord))).ToList();
            var createdCount = counts.Created;
            var updated = counts.Updated;
            var lastRow = rows[^1].Row;
            if (!dryRun)
            {
                db.ImportJobErrors.AddRange(errors);
                db.ImportJobFailedRows.AddRange(failedRows);
                job.RecordChunk(lastRow, byteOffset, rows.Count, createdCount, updated, failed.Count);
                AddNotices(counts);
                await db.SaveChangesAsync(cancellationToken);
            }

            await importer.Faults.BeforeCommitAsync(jobId, chunkNumber, cancellationToken);
            if (dryRun)
            {
                // Validate: everything above ran against the database, including its constraints; none of it stays.
                await transaction.RollbackAsync(cancellationToken);

                // Ends the transaction now, releasing the write gate (see WriteTransactions) for others.
                await transaction.DisposeAsync();
                db.ChangeTracker.Clear();
                await using var counters = await db.Database.BeginWriteTransactionAsync(cancellationToken);
                await lease.FenceAsync(db, cancellationToken);
                job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
                db.ImportJobErrors.AddRange(errors);
                db.ImportJobFailedRows.AddRange(failedRows);
                job.RecordChunk(lastRow, byteOffset, rows.Count, createdCount, updated, failed.Count);
                AddNotices(counts);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(cancellationToken);
                await counters.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }

            await importer.Faults.AfterCommitAsync(jobId, chunkNumber, cancellationToken);

            importer.Logger.LogDebug(
                "Import job {JobId}: chunk {Chunk} (rows to {Row}) in {Elapsed} ms: written in {Written} ms, commit {Commit} ms.",
                jobId, chunkNumber, lastRow, stopwatch.ElapsedMilliseconds, written, stopwatch.ElapsedMilliseconds - written);
        }
    }
}
