using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Auditing;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>Import settings (section <c>Import</c>); the defaults suit production.</summary>
public sealed class ImportOptions
{
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Rows per transaction: short enough that SQLite's write lock never keeps an interactive edit waiting long.</summary>
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>The upload limit, stated on the import page and enforced on the upload request.</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>The longest record the reader buffers; a longer one is almost always an unclosed quote.</summary>
    public int MaxRecordBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// A test seam around each chunk's transaction: <see cref="BeforeCommitAsync"/> runs after the chunk's
/// rows were written and before the commit, so a test can make a chunk fail half-way (or stop the run
/// as a shut-down would) and check that nothing of it stays; <see cref="AfterCommitAsync"/> runs between
/// chunks, when no lock is held (e.g. to press Cancel).
/// </summary>
public interface IImportFaultInjector
{
    ValueTask BeforeCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken);

    ValueTask AfterCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken);
}

public sealed class NoImportFaults : IImportFaultInjector
{
    public ValueTask BeforeCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AfterCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Starts an import job in the background (Hangfire in the web app).</summary>
public interface IImportJobScheduler
{
    void Enqueue(int jobId);
}

/// <summary>The user a background job acts for, recorded in the audit trail.</summary>
internal sealed class FixedAuditUser(int userId) : IAuditContext
{
    public int? UserId => userId;
}

/// <summary>
/// Builds a context of its own for a background job: same provider and interceptors as a request's,
/// but the audit trail names the job's user (there is no signed-in user in a job).
/// </summary>
public sealed class JobDbContextFactory(DatabaseSettings settings)
{
    public AppDbContext Create(int userId)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, settings);
        options.AddInterceptors(new AuditInterceptor(new FixedAuditUser(userId)), new DataRevisionInterceptor());
        return new AppDbContext(options.Options);
    }
}

/// <summary>
/// Keeps one connection open for a whole import. On SQLite it gets a large page cache for the run: a
/// 2,000-row chunk touches a page in each of the table's indexes per row, far more than SQLite's
/// default 2 MB cache holds, and a full cache spills half-written pages to the log in mid-transaction
/// and reads them back. Checkpoints run every 20,000 log pages instead of 1,000, so an index page that
/// consecutive chunks keep changing is copied into the database file once, not once per chunk. Both
/// go back to the defaults before the connection returns to the pool.
/// </summary>
internal sealed class ImportConnection : IAsyncDisposable
{
    private const int CacheKibibytes = 64 * 1024;
    private const int DefaultCacheKibibytes = 2_000;
    private const int CheckpointPages = 20_000;
    private const int DefaultCheckpointPages = 1_000;

    private readonly AppDbContext db;
    private readonly bool sqlite;

    private ImportConnection(AppDbContext db, bool sqlite)
    {
        this.db = db;
        this.sqlite = sqlite;
    }

    public static async Task<ImportConnection> OpenAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{CacheKibibytes}; PRAGMA wal_autocheckpoint = {CheckpointPages}", cancellationToken);
        }

        return new ImportConnection(db, sqlite);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{DefaultCacheKibibytes}; PRAGMA wal_autocheckpoint = {DefaultCheckpointPages}");
            }
        }
        catch (System.Data.Common.DbException)
        {
            // A broken connection: the error that broke it is what the job reports.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
