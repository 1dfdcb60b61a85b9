using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Oro.Opportunities.Domain.Configuration;

namespace Oro.Opportunities.Data;

/// <summary>Reads and bumps the data revisions (see <see cref="DataRevision"/>).</summary>
public static class DataRevisions
{
    /// <summary>The name under which <see cref="CurrentAsync"/> answers the configuration's revision.</summary>
    public const string Configuration = "configuration";

    /// <summary>One revision read now, from the database: for reads that must see the latest commit (inside a write transaction, a snapshot).</summary>
    public static Task<long> ReadAsync(AppDbContext db, string name, CancellationToken cancellationToken = default) =>
        db.DataRevisions.AsNoTracking().Where(r => r.Name == name).Select(r => r.Revision).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A revision for keying a cache: every data revision and the configuration's are read in one query,
    /// and within a web request (<see cref="AppDbContext.MemoizeRevisions"/>) that read serves the whole
    /// request until the request saves something. A request thus pays one round trip for the
    /// revisions of its session check, permissions, configuration, totals and lookups, instead of one each.
    /// </summary>
    public static async Task<long> CurrentAsync(AppDbContext db, string name, CancellationToken cancellationToken = default)
    {
        var all = db.MemoizeRevisions ? db.RevisionMemo : null;
        if (all is null)
        {
            var rows = await db.DataRevisions.AsNoTracking()
                .Select(r => new
                {
                    r.Name,
                    r.Revision,
                    Configuration = db.ConfigurationRevisions.Where(c => c.Id == ConfigurationRevision.SingletonId).Select(c => c.Revision).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
            var read = rows.ToDictionary(r => r.Name, r => r.Revision, StringComparer.Ordinal);
            read[Configuration] = rows.Count > 0
                ? rows[0].Configuration
                : await db.ConfigurationRevisions.AsNoTracking().Where(c => c.Id == ConfigurationRevision.SingletonId).Select(c => c.Revision).FirstOrDefaultAsync(cancellationToken);
            all = read;
            if (db.MemoizeRevisions)
            {
                db.RevisionMemo = all;
            }
        }

        return all.GetValueOrDefault(name);
    }

    /// <summary>
    /// Reads a revision and computes figures from the data in one read snapshot, so the figures are
    /// exactly those of that revision even while others write (a deferred transaction on SQLite, which
    /// takes no write lock; repeatable read elsewhere). Inside an open transaction, that one is used.
    /// </summary>
    public static async Task<(long Revision, T Value)> SnapshotAsync<T>(AppDbContext db, string name, Func<Task<T>> compute, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return (await ReadAsync(db, name, cancellationToken), await compute());
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            try
            {
                var revision = await ReadAsync(db, name, cancellationToken);
                return (revision, await compute());
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Bumps a revision: inside the change's transaction (the interceptor, after a save; an opportunity save
    /// in its own transaction bumps last, <see cref="BumpPendingAsync"/>) or after a raw-SQL write. Readers
    /// that key caches by it see the new value once the change is visible.
    /// </summary>
    /// <remarks>
    /// The new value comes back from the same statement (RETURNING, OUTPUT on SQL Server) and is kept
    /// on the context (<see cref="Bumped"/>): a write transaction that must know the revision it
    /// produced reads it there instead of asking again while it holds the revision's row lock.
    /// </remarks>
    public static async Task<long> BumpAsync(AppDbContext db, string name, CancellationToken cancellationToken = default)
    {
        db.RevisionMemo = null;
        var sql = db.Database.IsSqlServer()
            ? "UPDATE [DataRevisions] SET [Revision] = [Revision] + 1 OUTPUT INSERTED.[Revision] AS [Value] WHERE [Name] = {0}"
            : "UPDATE \"DataRevisions\" SET \"Revision\" = \"Revision\" + 1 WHERE \"Name\" = {0} RETURNING \"Revision\" AS \"Value\"";
        var bumped = (await db.Database.SqlQueryRaw<long>(sql, name).ToListAsync(cancellationToken)).FirstOrDefault();
        db.LastBumped[name] = bumped;
        return bumped;
    }

    /// <summary>Bumps what the saves made while <see cref="AppDbContext.DeferRevisionBumps"/> was set would have bumped.</summary>
    public static async Task BumpPendingAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var names = db.PendingBumps.ToList();
        db.PendingBumps.Clear();
        foreach (var name in names)
        {
            await BumpAsync(db, name, cancellationToken);
        }
    }

    /// <summary>The value this context's last bump of <paramref name="name"/> produced, if it bumped it.</summary>
    public static long? Bumped(AppDbContext db, string name) =>
        db.LastBumped.TryGetValue(name, out var revision) ? revision : null;
}

/// <summary>
/// After every save, bumps the revisions named by the saved records' <see cref="BumpsRevisionAttribute"/>,
/// and the security revision after every save that changed a user, a role, a user's roles or a role's permissions.
/// </summary>
public sealed class DataRevisionInterceptor : SaveChangesInterceptor
{
    private static readonly HashSet<Type> SecurityTypes =
    [
        typeof(Identity.AppUser), typeof(Identity.AppRole), typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<int>),
        typeof(Domain.Security.RolePermission), typeof(Domain.Security.RoleCapability), typeof(Domain.Workflows.WorkflowTransitionGrant),
        typeof(Domain.Organization.Team),
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> RevisionOf = new();

    private readonly SortedSet<string> changed = new(StringComparer.Ordinal);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Detect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Detect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext saved)
        {
            // What this request read before its own write is no longer current for it.
            saved.RevisionMemo = null;
        }

        if (changed.Count > 0 && eventData.Context is AppDbContext { DeferRevisionBumps: true } deferring)
        {
            deferring.PendingBumps.UnionWith(changed);
            changed.Clear();
        }

        if (changed.Count > 0 && eventData.Context is AppDbContext db)
        {
            var names = changed.ToList();
            changed.Clear();
            foreach (var name in names)
            {
                await DataRevisions.BumpAsync(db, name, cancellationToken);
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    private void Detect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // What an earlier save bumped says nothing about this one.
        (context as AppDbContext)?.LastBumped.Clear();

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var type = entry.Metadata.ClrType;
            if (type == typeof(Identity.AppUser))
            {
                // Sign-ins update a user's failed-attempt count and lockout: only a team or enabled
                // change matters to permissions and to the team filter of the grid.
                var relevant = entry.State != EntityState.Modified
                    || entry.Property(nameof(Identity.AppUser.TeamId)).IsModified
                    || entry.Property(nameof(Identity.AppUser.IsEnabled)).IsModified;
                if (relevant)
                {
                    changed.Add(DataRevision.Opportunities);
                }

                // The time zone is loaded with the user's permissions (one cached read per request); the
                // security stamp keys the cached session checks; the names, the cached owner lists.
                if (relevant || entry.Property(nameof(Identity.AppUser.TimeZone)).IsModified
                    || entry.Property(nameof(Identity.AppUser.SecurityStamp)).IsModified
                    || entry.Property(nameof(Identity.AppUser.FirstName)).IsModified
                    || entry.Property(nameof(Identity.AppUser.LastName)).IsModified
                    || entry.Property(nameof(Identity.AppUser.UserName)).IsModified)
                {
                    changed.Add(DataRevision.Security);
                }

                continue;
            }

            if (type == typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<int>))
            {
                // ending a session (a token row deleted) must reach the cached session checks of every instance
                if (entry.State == EntityState.Deleted)
                {
                    changed.Add(DataRevision.Security);
                }

                continue;
            }

            if (SecurityTypes.Contains(type))
            {
                changed.Add(DataRevision.Security);
            }
            else if (RevisionOf.GetOrAdd(type, t => t.GetCustomAttribute<BumpsRevisionAttribute>(inherit: false)?.Revision) is { } revision)
            {
                changed.Add(revision);
            }
        }
    }
}
