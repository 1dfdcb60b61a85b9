using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Records;

/// <summary>
/// The create / edit / delete use case every owned record shares (accounts, contacts, leads): the
/// user's Create / Edit / Delete / Assign levels (spec §11), the owner rule, the concurrency token
/// the form was built with, and the answers — 404 for a record the user may not see, 403 for one they
/// may see but not change, a conflict when someone else saved first. A feature's commands supply only
/// what is particular to its record: how to build it and how to apply the form to it.
/// </summary>
public sealed class OwnedRecords<T>(AppDbContext db, AccessControl accessControl, RecordOwners owners, TimeProvider clock)
    where T : OwnedRecord
{
    private static readonly SecuredRecordAttribute Secured = SecuredRecordAttribute.Of<T>();

    private static readonly string ConflictMessage =
        $"This {Secured.Noun} was changed by someone else. The form shows the current values; apply your changes again.";

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public AppDbContext Db => db;

    public Task<UserAccess> AccessAsync(CancellationToken cancellationToken) => accessControl.GetAsync(cancellationToken);

    /// <summary>Refuses a user without the Create permission.</summary>
    public async Task<UserAccess> EnsureCanCreateAsync(CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return access.CanCreate(Secured.Entity)
            ? access
            : throw new ForbiddenException($"You do not have permission to create {Plural}.");
    }

    /// <summary>
    /// Creates a record owned by <paramref name="ownerId"/> (the user themself when null), built by
    /// <paramref name="create"/>, and saves it (inside the caller's transaction, if one is open).
    /// </summary>
    public async Task<T> CreateAsync(int? ownerId, Func<UserAccess, int, DateTime, Task<T>> create, CancellationToken cancellationToken = default)
    {
        var access = await EnsureCanCreateAsync(cancellationToken);
        var owner = ownerId ?? access.UserId;
        await owners.EnsureCanAssignAsync(access, Secured.Entity, owner, "OwnerId", cancellationToken);
        var record = await create(access, owner, Now);
        db.Set<T>().Add(record);
        await SaveAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Applies an edit: the record must be one the user may edit, <paramref name="version"/> (when
    /// given) the token the form was built with; a new owner needs the Assign level.
    /// </summary>
    public async Task<T> UpdateAsync(int id, long? version, int? ownerId, Func<UserAccess, T, Task> apply, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var record = await LoadAsync(access, id, version, PermissionAction.Edit, cancellationToken);
        var newOwner = ownerId is int owner && owner != record.OwnerId ? owner : (int?)null;
        if (newOwner is int assigned)
        {
            await owners.EnsureCanAssignAsync(access, Secured.Entity, assigned, "OwnerId", cancellationToken);
        }

        // The owner moves after the edit passed its rules, so a refused edit changes nothing.
        await apply(access, record);
        if (newOwner is int next)
        {
            record.AssignOwner(next);
        }

        record.Touch(Now);
        await SaveAsync(cancellationToken);
        return record;
    }

    /// <summary>Deletes a record the user may delete (with <paramref name="version"/>: as the user saw it), after <paramref name="check"/> (a rule that keeps it) passed.</summary>
    public async Task DeleteAsync(int id, long? version = null, Func<T, Task>? check = null, Func<T, DbUpdateException, Exception?>? refusal = null, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var record = await LoadAsync(access, id, version, PermissionAction.Delete, cancellationToken);
        if (check is not null)
        {
            await check(record);
        }

        db.Set<T>().Remove(record);
        try
        {
            await SaveAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && refusal?.Invoke(record, ex) is { } mapped)
        {
            // A rule the database enforces (a foreign key) refused it between the check and the delete.
            throw mapped;
        }
    }

    /// <summary>
    /// The tracked record for <paramref name="action"/>: 404 when the user may not see it, 403 when they
    /// may see but not do it, a conflict when <paramref name="version"/> is not the stored token.
    /// </summary>
    public async Task<T> LoadAsync(UserAccess access, int id, long? version, PermissionAction action, CancellationToken cancellationToken)
    {
        var record = await db.Set<T>().Permitted(db, access, action).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            await db.Set<T>().ThrowMissingOrForbiddenAsync(db, access, id, action, cancellationToken);
        }

        if (version is long expected)
        {
            if (record!.Version != expected)
            {
                throw new ConcurrencyConflictException(ConflictMessage);
            }

            // The token the user saw is what the database must still hold when the update runs.
            db.Entry(record).Property(r => r.Version).OriginalValue = expected;
        }

        return record!;
    }

    /// <summary>Saves; a concurrent change caught by the token becomes the conflict answer.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConflictMessage, ex);
        }
    }

    /// <summary>
    /// Applies one action to many records, each through the same rules and permissions as a single
    /// edit, with the version the user selected it at. Failures are reported per record; the others are saved.
    /// </summary>
    public Task<MassActionResult> MassAsync(IReadOnlyDictionary<int, long> targets, Func<int, long, Task> action) =>
        MassActionResult.RunAsync(db, targets, action);

    private static string Plural => Secured.Noun + "s";
}
