using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
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

    private sealed record RevisionRow(string Name, long Revision, long Configuration);

    /// <summary>
    /// Compiled once per model (a compiled query serves one model; SQLite and PostgreSQL have their own):
    /// every request makes this read, and building and looking up the LINQ query each time cost about a
    /// tenth of a grid page's CPU on PostgreSQL (issue 14, profile).
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Func<AppDbContext, IAsyncEnumerable<RevisionRow>>> AllRevisionsByModel = new();

    private static Func<AppDbContext, IAsyncEnumerable<RevisionRow>> AllRevisions(AppDbContext db) =>
        AllRevisionsByModel.GetValue(db.Model, _ => EF.CompileAsyncQuery(
            (AppDbContext context) => context.DataRevisions.AsNoTracking().Select(r => new RevisionRow(
                r.Name,
                r.Revision,
                context.ConfigurationRevisions.Where(c => c.Id == ConfigurationRevision.SingletonId).Select(c => c.Revision).FirstOrDefault()))));

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
            var rows = new List<RevisionRow>(8);
            await foreach (var row in AllRevisions(db)(db).WithCancellation(cancellationToken))
            {
                rows.Add(row);
            }

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
        if (name == DataRevision.Opportunities && db.BoardMoveWithBump is { } move && db.Database.IsNpgsql())
        {
            db.BoardMoveWithBump = null;
            var stored = await BumpStoringAsync(db, move, cancellationToken);
            db.LastBumped[name] = stored;
            db.BoardMoveStoredAt = stored;
            return stored;
        }

        var sql = db.Database.IsSqlServer()
            ? "UPDATE [DataRevisions] SET [Revision] = [Revision] + 1 OUTPUT INSERTED.[Revision] WHERE [Name] = @p0"
            : "UPDATE \"DataRevisions\" SET \"Revision\" = \"Revision\" + 1 WHERE \"Name\" = @p0 RETURNING \"Revision\"";
        var bumped = await ScalarAsync(db, sql, [name], cancellationToken) ?? 0;
        db.LastBumped[name] = bumped;
        return bumped;
    }

    /// <summary>
    /// Has the next bump of the opportunities revision store <paramref name="move"/> under the revision it
    /// produces, in the same statement, where the database can (PostgreSQL: an UPDATE … RETURNING in a
    /// WITH). The row lock every writer queues on is then held for one round trip and the commit instead
    /// of two and the commit (issue 14, card moves). Elsewhere the move is stored after the bump as
    /// before; <see cref="StoredWithBump"/> tells which happened.
    /// </summary>
    public static void WithBump(AppDbContext db, Domain.Opportunities.BoardMove? move) => db.BoardMoveWithBump = move;

    /// <summary>Whether the bump that produced <paramref name="revision"/> stored the move given to <see cref="WithBump"/>.</summary>
    public static bool StoredWithBump(AppDbContext db, long revision) => db.BoardMoveStoredAt == revision;

    private static async Task<long> BumpStoringAsync(AppDbContext db, Domain.Opportunities.BoardMove move, CancellationToken cancellationToken)
    {
        // The casts type the parameters that may be null (an untyped null in a SELECT list would be text).
        const string sql = """
            WITH bumped AS (UPDATE "DataRevisions" SET "Revision" = "Revision" + 1 WHERE "Name" = @p0 RETURNING "Revision")
            INSERT INTO "BoardMoves" ("Revision", "Board", "RecordedAt", "BeforeStatusId", "BeforeProbability", "BeforeBaseBudget", "AfterStatusId", "AfterProbability", "AfterBaseBudget")
            SELECT "Revision", @p1, @p2, @p3::integer, @p4::integer, @p5::numeric, @p6::integer, @p7::integer, @p8::numeric FROM bumped
            RETURNING "Revision"
            """;
        return await ScalarAsync(
                db,
                sql,
                [DataRevision.Opportunities, move.Board, move.RecordedAt, move.BeforeStatusId, move.BeforeProbability, move.BeforeBaseBudget, move.AfterStatusId, move.AfterProbability, move.AfterBaseBudget],
                cancellationToken)
            ?? throw new InvalidOperationException("The opportunities data revision is missing.");
    }

    /// <summary>
    /// One statement's single number, on the context's connection and in its transaction, as a plain
    /// command: a bump runs while it holds the row lock every writer queues on, so it skips EF's query
    /// pipeline (building, caching and materialising a query cost as much CPU as the round trip).
    /// Parameters are @p0, @p1…; a null is sent as a database null.
    /// </summary>
    private static async Task<long?> ScalarAsync(AppDbContext db, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // The SQL is one of this class's constants; the values are parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = values[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var result = await command.ExecuteScalarAsync(cancellationToken);
            return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
