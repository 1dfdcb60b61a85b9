using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Jobs;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.Jobs;

/// <summary>Lease timing (section <c>BackgroundJobs</c>); ADR-0017.</summary>
public sealed class JobLeaseOptions
{
    /// <summary>This node's name in the job rows; the machine name and process id when not set.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long a lease runs without a heartbeat: after it, any node takes the job over.</summary>
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>How often every node looks for jobs to take over.</summary>
    public int WatchdogSeconds { get; set; } = 5;

    /// <summary>A queued job that no node started within this time (its queue message lost) is started by the watchdog.</summary>
    public int QueuedGraceSeconds { get; set; } = 30;

    /// <summary>How long a run whose database went away waits for it before leaving the job to whichever node sees it back first.</summary>
    public int DatabaseWaitSeconds { get; set; } = 120;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(3, LeaseSeconds));

    /// <summary>Three heartbeats per lease: one or two may fail (a busy database) before the lease runs out.</summary>
    public TimeSpan Heartbeat => Lease / 3;

    public TimeSpan Watchdog => TimeSpan.FromSeconds(Math.Max(1, WatchdogSeconds));
}

/// <summary>This process as the job rows name it, and the jobs it is running right now.</summary>
public sealed class JobNode(IOptions<JobLeaseOptions> options)
{
    private readonly ConcurrentDictionary<(string Kind, int Id), byte> running = new();

    public string Id { get; } = Name(options.Value.NodeId);

    public bool IsRunning(string kind, int id) => running.ContainsKey((kind, id));

    internal bool TryRegister(string kind, int id) => running.TryAdd((kind, id), 0);

    internal void Unregister(string kind, int id) => running.TryRemove((kind, id), out _);

    private static string Name(string? configured)
    {
        var name = string.IsNullOrWhiteSpace(configured)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}")
            : configured.Trim();
        return name.Length <= JobHistory.LeaseOwnerMaxLength ? name : name[..JobHistory.LeaseOwnerMaxLength];
    }
}

/// <summary>The node lost its lease: another node took the job over; this one stops without writing.</summary>
public sealed class LeaseLostException(string message) : Exception(message);

/// <summary>One kind of leased job: its table and which of its rows are unfinished.</summary>
public sealed class LeasedJobKind<T>(string name, Expression<Func<T, bool>> unfinished, Expression<Func<T, bool>> queued)
    where T : class, ILeasedJob
{
    public string Name => name;

    public Expression<Func<T, bool>> Unfinished => unfinished;

    public Expression<Func<T, bool>> Queued => queued;
}

public static class LeasedJobKinds
{
    public static readonly LeasedJobKind<ImportJob> Import = new(
        "import",
        j => j.State == ImportJobState.Queued || j.State == ImportJobState.Running,
        j => j.State == ImportJobState.Queued);

    public static readonly LeasedJobKind<BaseCurrencyChangeJob> BaseCurrencyChange = new(
        "base-currency-change",
        j => j.State == BaseCurrencyChangeState.Queued || j.State == BaseCurrencyChangeState.Running,
        j => j.State == BaseCurrencyChangeState.Queued);
}

/// <summary>Why a node took a job over: the node whose lease ran out, or none (handed back, or never started).</summary>
public sealed record Takeover(string? PreviousOwner, DateTime? PreviousExpiry, bool WasQueued)
{
    /// <summary>The history line's reason, e.g. "node web-1 lost (no heartbeat since 10:02:03 UTC)".</summary>
    public string Reason(TimeSpan lease) => PreviousOwner is { } owner
        ? string.Create(CultureInfo.InvariantCulture, $"node {owner} lost (no heartbeat since {(PreviousExpiry - lease)?.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)")
        : WasQueued ? "not started by the node it was queued on" : "handed back";
}

/// <summary>
/// Claims, renews, fences and releases job leases (ADR-0017). Every operation is one conditional
/// UPDATE of the job's row, so two nodes can never both hold a lease: a claim succeeds only on a row
/// that has no holder or whose lease ran out, a renewal only while this node still holds it.
/// </summary>
public sealed class JobLeases(JobDbContextFactory contexts, JobNode node, IOptions<JobLeaseOptions> options, TimeProvider clock, ILogger<JobLeases> logger)
{
    public JobNode Node => node;

    public JobLeaseOptions Options => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Claims an unfinished job that nobody holds (or whose lease ran out) for a first run or a
    /// re-run; null when another node holds it or it is finished.
    /// </summary>
    public Task<JobLease?> TryStartAsync<T>(LeasedJobKind<T> kind, int id, CancellationToken cancellationToken)
        where T : class, ILeasedJob =>
        ClaimAsync(kind, id, (rows, now) => rows.Where(j => EF.Property<string?>(j, "LeaseOwner") == null || EF.Property<DateTime?>(j, "LeaseExpiresAt") < now), cancellationToken);

    /// <summary>
    /// Takes over a job only if it is still exactly as the watchdog saw it (the same expired holder,
    /// or none): two watchdogs that saw the same job cannot both win.
    /// </summary>
    public Task<JobLease?> TryTakeOverAsync<T>(LeasedJobKind<T> kind, int id, Takeover seen, CancellationToken cancellationToken)
        where T : class, ILeasedJob =>
        ClaimAsync(
            kind,
            id,
            (rows, now) => seen.PreviousOwner is { } owner
                ? rows.Where(j => EF.Property<string?>(j, "LeaseOwner") == owner && EF.Property<DateTime?>(j, "LeaseExpiresAt") < now)
                : rows.Where(j => EF.Property<string?>(j, "LeaseOwner") == null),
            cancellationToken);

    /// <summary>One conditional UPDATE: the lease becomes this node's if the row is unfinished and <paramref name="claimable"/>.</summary>
    private async Task<JobLease?> ClaimAsync<T>(LeasedJobKind<T> kind, int id, Func<IQueryable<T>, DateTime, IQueryable<T>> claimable, CancellationToken cancellationToken)
        where T : class, ILeasedJob
    {
        // A job this node is running already is never claimed again here (on SQLite its heartbeat may lag behind its own chunk).
        if (!node.TryRegister(kind.Name, id))
        {
            return null;
        }

        try
        {
            await using var db = contexts.Create(0);
            var now = Now;
            var rows = claimable(db.Set<T>().Where(kind.Unfinished).Where(j => EF.Property<int>(j, "Id") == id), now);
            var claimed = await rows.ExecuteUpdateAsync(s => s
                .SetProperty(j => EF.Property<string?>(j, "LeaseOwner"), node.Id)
                .SetProperty(j => EF.Property<DateTime?>(j, "LeaseExpiresAt"), now + Options.Lease), cancellationToken);
            if (claimed == 1)
            {
                return Lease(kind, id);
            }
        }
        catch
        {
            node.Unregister(kind.Name, id);
            throw;
        }

        node.Unregister(kind.Name, id);
        return null;
    }

    /// <summary>Unfinished jobs of a kind that a live node should take over now, with what the watchdog saw.</summary>
    public async Task<IReadOnlyList<(int Id, Takeover Seen)>> FindOrphansAsync<T>(LeasedJobKind<T> kind, CancellationToken cancellationToken)
        where T : class, ILeasedJob
    {
        await using var db = contexts.Create(0);
        var now = Now;
        var queuedBefore = now - TimeSpan.FromSeconds(Options.QueuedGraceSeconds);
        var unfinished = await db.Set<T>().AsNoTracking().Where(kind.Unfinished)
            .Where(j => EF.Property<string?>(j, "LeaseOwner") == null || EF.Property<DateTime?>(j, "LeaseExpiresAt") < now)
            .Select(j => new
            {
                Id = EF.Property<int>(j, "Id"),
                Owner = EF.Property<string?>(j, "LeaseOwner"),
                Expiry = EF.Property<DateTime?>(j, "LeaseExpiresAt"),
                CreatedAt = EF.Property<DateTime>(j, "CreatedAt"),
                Attempts = EF.Property<int>(j, "Attempts"),
            })
            .OrderBy(j => j.Id)
            .Take(20)
            .ToListAsync(cancellationToken);

        // A queued job nobody holds is normally about to be started by the queue; only one that waited too long is taken.
        return unfinished
            .Where(j => !node.IsRunning(kind.Name, j.Id))
            .Where(j => j.Owner is not null || j.Attempts > 0 || j.CreatedAt < queuedBefore)
            .Select(j => (j.Id, new Takeover(j.Owner, j.Expiry, j.Owner is null && j.Attempts == 0)))
            .ToList();
    }

    private JobLease Lease<T>(LeasedJobKind<T> kind, int id)
        where T : class, ILeasedJob =>
        new(
            kind.Name,
            id,
            node,
            Options.Heartbeat,
            (db, token) => RenewAsync(db, kind, id, token),
            (db, token) => ReleaseAsync(db, kind, id, token),
            contexts,
            logger);

    private async Task<bool> RenewAsync<T>(AppDbContext db, LeasedJobKind<T> kind, int id, CancellationToken cancellationToken)
        where T : class, ILeasedJob
    {
        var until = Now + Options.Lease;
        return await db.Set<T>()
            .Where(j => EF.Property<int>(j, "Id") == id && EF.Property<string?>(j, "LeaseOwner") == node.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => EF.Property<DateTime?>(j, "LeaseExpiresAt"), until), cancellationToken) == 1;
    }

    private async Task<bool> ReleaseAsync<T>(AppDbContext db, LeasedJobKind<T> kind, int id, CancellationToken cancellationToken)
        where T : class, ILeasedJob =>
        await db.Set<T>()
            .Where(j => EF.Property<int>(j, "Id") == id && EF.Property<string?>(j, "LeaseOwner") == node.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => EF.Property<string?>(j, "LeaseOwner"), (string?)null)
                .SetProperty(j => EF.Property<DateTime?>(j, "LeaseExpiresAt"), (DateTime?)null), cancellationToken) == 1;
}

/// <summary>
/// A lease this node holds: renewed by a heartbeat every third of the lease until disposed. When a
/// renewal finds that another node holds the job now, <see cref="Token"/> is cancelled and
/// <see cref="Lost"/> set; the run stops without writing. <see cref="FenceAsync"/> renews inside a
/// chunk's transaction, so a chunk commits only while its node holds the lease.
/// </summary>
public sealed class JobLease : IAsyncDisposable
{
    private readonly string kind;
    private readonly JobNode node;
    private readonly TimeSpan heartbeat;
    private readonly Func<AppDbContext, CancellationToken, Task<bool>> renew;
    private readonly Func<AppDbContext, CancellationToken, Task<bool>> release;
    private readonly JobDbContextFactory contexts;
    private readonly ILogger logger;
    private readonly CancellationTokenSource lost = new();
    private CancellationTokenSource? linked;
    private Task? heartbeatLoop;
    private CancellationTokenSource? stopHeartbeat;
    private int disposed;

    internal JobLease(
        string kind, int jobId, JobNode node, TimeSpan heartbeat,
        Func<AppDbContext, CancellationToken, Task<bool>> renew, Func<AppDbContext, CancellationToken, Task<bool>> release,
        JobDbContextFactory contexts, ILogger logger)
    {
        this.kind = kind;
        JobId = jobId;
        this.node = node;
        this.heartbeat = heartbeat;
        this.renew = renew;
        this.release = release;
        this.contexts = contexts;
        this.logger = logger;
    }

    public int JobId { get; }

    public string NodeId => node.Id;

    /// <summary>Cancelled when the host stops (the token given to <see cref="Begin"/>) or the lease is lost.</summary>
    public CancellationToken Token => linked?.Token ?? lost.Token;

    public bool Lost => lost.IsCancellationRequested;

    /// <summary>Extra work for each heartbeat (e.g. writing the job's progress), on the heartbeat's own context.</summary>
    public Func<AppDbContext, CancellationToken, Task>? OnHeartbeat { get; set; }

    /// <summary>Starts the heartbeat; <paramref name="stopping"/> is the host's (or the caller's) cancellation.</summary>
    public JobLease Begin(CancellationToken stopping)
    {
        linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, lost.Token);
        stopHeartbeat = new CancellationTokenSource();
        heartbeatLoop = Task.Run(() => HeartbeatAsync(stopHeartbeat.Token), CancellationToken.None);
        return this;
    }

    /// <summary>Renews the lease inside the caller's transaction; throws <see cref="LeaseLostException"/> when another node holds it.</summary>
    public async Task FenceAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!await renew(db, cancellationToken))
        {
            lost.Cancel();
            throw new LeaseLostException($"Another node took over {kind} job {JobId}; node {NodeId} stops without writing.");
        }
    }

    /// <summary>Hands the job back (a graceful shut-down): any node may take it over at once.</summary>
    public async Task ReleaseAsync(Func<AppDbContext, CancellationToken, Task>? beforeRelease = null)
    {
        if (Lost)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var db = contexts.Create(0);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(timeout.Token);
            if (beforeRelease is not null)
            {
                await beforeRelease(db, timeout.Token);
            }

            await release(db, timeout.Token);
            await transaction.CommitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException || DatabaseErrors.IsUnavailable(ex))
        {
            logger.LogWarning("Could not hand {Kind} job {JobId} back ({Error}); its lease runs out by itself.", kind, JobId, ex.GetBaseException().Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (stopHeartbeat is not null)
        {
            await stopHeartbeat.CancelAsync();
            if (heartbeatLoop is not null)
            {
                await heartbeatLoop;
            }

            stopHeartbeat.Dispose();
        }

        linked?.Dispose();
        lost.Dispose();
        node.Unregister(kind, JobId);
    }

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var db = contexts.Create(0);
                    await using var transaction = await db.Database.BeginWriteTransactionAsync(stop);
                    if (!await renew(db, stop))
                    {
                        logger.LogWarning("Node {Node} lost the lease of {Kind} job {JobId}: another node took it over.", NodeId, kind, JobId);
                        await lost.CancelAsync();
                        return;
                    }

                    if (OnHeartbeat is { } extra)
                    {
                        await extra(db, stop);
                    }

                    await transaction.CommitAsync(stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be restarting: the run finds out on its own; the fence decides.
                    logger.LogDebug("Heartbeat of {Kind} job {JobId} failed: {Error}", kind, JobId, ex.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
