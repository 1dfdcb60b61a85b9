using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Oro.Opportunities.Domain.Configuration;

namespace Oro.Opportunities.Data;

/// <summary>Reads and bumps the data revisions (see <see cref="DataRevision"/>).</summary>
public static class DataRevisions
{
    public static Task<long> ReadAsync(AppDbContext db, string name, CancellationToken cancellationToken = default) =>
        db.DataRevisions.AsNoTracking().Where(r => r.Name == name).Select(r => r.Revision).FirstOrDefaultAsync(cancellationToken);

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
    /// Bumps a revision. Called after the change is committed: a reader that computed figures from
    /// the old data then stores them under a revision nobody asks for again.
    /// </summary>
    public static Task BumpAsync(AppDbContext db, string name, CancellationToken cancellationToken = default) =>
        db.DataRevisions.Where(r => r.Name == name).ExecuteUpdateAsync(u => u.SetProperty(r => r.Revision, r => r.Revision + 1), cancellationToken);
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

                // The time zone is loaded with the user's permissions (one cached read per request).
                if (relevant || entry.Property(nameof(Identity.AppUser.TimeZone)).IsModified)
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
