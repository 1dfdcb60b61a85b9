using Oro.Opportunities.Domain.Jobs;

namespace Oro.Opportunities.Domain.ImportExport;

/// <summary>Validate is a dry run that writes no records; Import stores the valid rows.</summary>
public enum ImportMode
{
    Validate = 0,
    Import = 1,
}

public enum ImportJobState
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,

    /// <summary>The same file was imported before: the job waits until the user confirms (or drops) it.</summary>
    AwaitingConfirmation = 5,
}

/// <summary>
/// One run of a CSV file through the opportunity importer (spec §5): who ran it, on which file,
/// how far it got and with what result. The counters and <see cref="LastCommittedRow"/> are saved in
/// the same transaction as each chunk of records, so after a crash they say exactly what is stored.
/// The node running it holds a lease on this row (<see cref="ILeasedJob"/>, ADR-0017).
/// </summary>
public sealed class ImportJob : ILeasedJob
{
    public const int FileNameMaxLength = 255;
    public const int MessageMaxLength = 2000;
    public const int FileHashLength = 64;
    public const int KindMaxLength = 32;
    public const string DefaultKind = "opportunities";

    private ImportJob()
    {
        FileName = string.Empty;
    }

    public ImportJob(int userId, string fileName, Guid uploadId, long fileSize, ImportMode mode, bool matchByName, DateTime now, string kind = DefaultKind)
    {
        Kind = kind;
        UserId = userId;
        FileName = Truncate(Path.GetFileName(fileName), FileNameMaxLength) is { Length: > 0 } name ? name : "import.csv";
        UploadId = uploadId;
        FileSize = fileSize;
        Mode = mode;
        MatchByName = matchByName;
        State = ImportJobState.Queued;
        CreatedAt = now;
    }

    public int Id { get; private set; }

    /// <summary>What the file holds: "opportunities" or "leads" (the importer that runs it).</summary>
    public string Kind { get; private set; } = DefaultKind;

    public int UserId { get; private set; }

    /// <summary>SHA-256 of the uploaded file's bytes (lower-case hex): a file imported before is recognised by it.</summary>
    public string? FileHash { get; private set; }

    /// <summary>The name the user's file had (for display only; never used as a path).</summary>
    public string FileName { get; private set; }

    /// <summary>
    /// The uploaded file, kept in the database in chunks (<c>FileChunks</c>) so that any node can run the
    /// job; deleted when the job ends. <see cref="Guid.Empty"/> on jobs queued before uploads moved there.
    /// </summary>
    public Guid UploadId { get; private set; }

    public long FileSize { get; private set; }

    public ImportMode Mode { get; private set; }

    public bool MatchByName { get; private set; }

    public ImportJobState State { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public int RowsRead { get; private set; }

    public int RowsCreated { get; private set; }

    public int RowsUpdated { get; private set; }

    public int RowsFailed { get; private set; }

    /// <summary>The last row (numbered as in a spreadsheet, the header being row 1) whose chunk is committed; a resumed run continues after it.</summary>
    public int LastCommittedRow { get; private set; }

    /// <summary>Bytes of the file behind <see cref="LastCommittedRow"/>: the progress bar's measure.</summary>
    public long BytesProcessed { get; private set; }

    public bool CancelRequested { get; private set; }

    /// <summary>Notices about the file as a whole (unknown columns, ignored columns), one per line.</summary>
    public string? Notices { get; private set; }

    /// <summary>Why the job failed as a whole (e.g. a required column is missing).</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>How many times a run started; above 1 the job resumed after an interruption.</summary>
    public int Attempts { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public string? History { get; private set; }

    /// <summary>Records what happened to the run (a node lost, a hand-back, a resume), shown on the job page.</summary>
    public void AddHistory(string line) => History = JobHistory.Append(History, line);

    public bool IsFinished => State is ImportJobState.Completed or ImportJobState.Failed or ImportJobState.Cancelled;

    public int Percent => State == ImportJobState.Completed
        ? 100
        : FileSize <= 0 ? 0 : (int)Math.Clamp(BytesProcessed * 100 / FileSize, 0, 99);

    /// <summary>Records the uploaded file's SHA-256 (set once, when the upload is stored).</summary>
    public void SetFileHash(string sha256Hex)
    {
        if (sha256Hex.Length != FileHashLength)
        {
            throw new ArgumentException("A SHA-256 hash has 64 hexadecimal digits.", nameof(sha256Hex));
        }

        FileHash = sha256Hex.ToLowerInvariant();
    }

    /// <summary>Holds a queued job until the user confirms it (the file was imported before).</summary>
    public void AwaitConfirmation()
    {
        if (State == ImportJobState.Queued)
        {
            State = ImportJobState.AwaitingConfirmation;
        }
    }

    /// <summary>The user confirmed a held job: it is queued; false when it was not waiting.</summary>
    public bool Confirm()
    {
        if (State != ImportJobState.AwaitingConfirmation)
        {
            return false;
        }

        State = ImportJobState.Queued;
        return true;
    }

    /// <summary>Starts or resumes the run. A finished job, or one waiting for confirmation, does not run.</summary>
    public bool Start(DateTime now)
    {
        if (IsFinished || State == ImportJobState.AwaitingConfirmation)
        {
            return false;
        }

        State = ImportJobState.Running;
        StartedAt ??= now;
        Attempts++;
        return true;
    }

    public void SetNotices(IEnumerable<string> notices)
    {
        var text = string.Join('\n', notices);
        Notices = text.Length == 0 ? null : Truncate(text, MessageMaxLength);
    }

    /// <summary>Counts one processed chunk: saved with it, in the same transaction.</summary>
    public void RecordChunk(int lastRow, long bytes, int read, int created, int updated, int failed)
    {
        LastCommittedRow = lastRow;
        BytesProcessed = bytes;
        RowsRead += read;
        RowsCreated += created;
        RowsUpdated += updated;
        RowsFailed += failed;
    }

    public void RequestCancel()
    {
        if (!IsFinished)
        {
            CancelRequested = true;
        }
    }

    public void Complete(DateTime now)
    {
        State = ImportJobState.Completed;
        BytesProcessed = FileSize;
        FinishedAt = now;
    }

    public void Cancel(DateTime now)
    {
        State = ImportJobState.Cancelled;
        FinishedAt = now;
    }

    public void Fail(string message, DateTime now)
    {
        State = ImportJobState.Failed;
        ErrorMessage = Truncate(message, MessageMaxLength);
        FinishedAt = now;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>One problem with one cell (or row) of an import file: the error report's line.</summary>
public sealed class ImportJobError
{
    public const int ColumnMaxLength = 100;
    public const int ValueMaxLength = 500;
    public const int MessageMaxLength = 1000;

    public ImportJobError(int jobId, int row, string? column, string? value, string message)
    {
        JobId = jobId;
        Row = row;
        Column = column is null ? null : Cut(column, ColumnMaxLength);
        Value = value is null ? null : Cut(value, ValueMaxLength);
        Message = Cut(message, MessageMaxLength);
    }

    public long Id { get; private set; }

    public int JobId { get; private set; }

    /// <summary>The row as a spreadsheet numbers it: the header is row 1, the first record row 2.</summary>
    public int Row { get; private set; }

    public string? Column { get; private set; }

    public string? Value { get; private set; }

    public string Message { get; private set; }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>
/// A row of an import file that failed, kept as it was in the file (the header as row 1), so the
/// "errors with data" file gives the user back exactly those rows to fix and import again.
/// </summary>
public sealed class ImportJobFailedRow
{
    public ImportJobFailedRow(int jobId, int row, string record)
    {
        JobId = jobId;
        Row = row;
        Record = record;
    }

    public long Id { get; private set; }

    public int JobId { get; private set; }

    /// <summary>The row as a spreadsheet numbers it; 1 is the file's header.</summary>
    public int Row { get; private set; }

    /// <summary>The record's text as it is in the file (one CSV record, without its line break).</summary>
    public string Record { get; private set; }
}
