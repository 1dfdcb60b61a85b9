using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Auditing;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Records;

/// <summary>
/// The reads every owned record shares: the records a user may list, the edit form's starting values
/// (404 when hidden, 403 when visible but not editable), the owners they may choose, whether they may
/// create one, the change history, and the per-record Edit / Delete rights the pages show.
/// </summary>
public sealed class RecordQueries<T>(AppDbContext db, AccessControl accessControl, RecordOwners owners, OpportunityDetailsQuery history)
    where T : OwnedRecord
{
    private static readonly SecuredEntity Entity = SecuredRecordAttribute.Of<T>().Entity;

    public AppDbContext Db => db;

    public Task<UserAccess> AccessAsync(CancellationToken cancellationToken = default) => accessControl.GetAsync(cancellationToken);

    /// <summary>The records the user may see, for a grid; 404 for a user who may see none (the menu shows no such page).</summary>
    public async Task<(UserAccess Access, IQueryable<T> Records)> ListableAsync(CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        RecordGrid.EnsureListable(access, Entity);
        return (access, db.Set<T>().AsNoTracking().Permitted(db, access));
    }

    /// <summary>The record the user may see, or 404.</summary>
    public async Task<IQueryable<T>> VisibleAsync(CancellationToken cancellationToken = default) =>
        db.Set<T>().AsNoTracking().Permitted(db, await accessControl.GetAsync(cancellationToken));

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public async Task<TData> ForEditAsync<TData>(int id, Func<IQueryable<T>, UserAccess, IQueryable<TData>> project, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var editable = db.Set<T>().AsNoTracking().Permitted(db, access, PermissionAction.Edit).Where(r => r.Id == id);
        var data = await project(editable, access).FirstOrDefaultAsync(cancellationToken);
        if (data is null)
        {
            await db.Set<T>().ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        return data!;
    }

    public Task<IReadOnlyList<LookupItem>> OwnersAsync(int? currentOwnerId, CancellationToken cancellationToken = default) =>
        owners.AssignableAsync(Entity, currentOwnerId, cancellationToken);

    public async Task<bool> CanCreateAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).CanCreate(Entity);

    public async Task<int> CurrentUserIdAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).UserId;

    /// <summary>The record's change history (names of related records the user may not see stay hidden).</summary>
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int id, ConfigurationSnapshot snapshot, CancellationToken cancellationToken = default) =>
        history.HistoryAsync(AuditInterceptor.AuditName(typeof(T))!, id, snapshot, cancellationToken);
}

/// <summary>The per-record rights a page shows buttons for.</summary>
public sealed record RecordRights(bool CanEdit, bool CanDelete, bool CanAssign)
{
    /// <summary>What the user may do to one <typeparamref name="T"/> of an owner in a team.</summary>
    public static RecordRights Of<T>(UserAccess access, int ownerId, int? ownerTeamId)
        where T : OwnedRecord
    {
        var entity = SecuredRecordAttribute.Of<T>().Entity;
        return new(
            access.Can(entity, PermissionAction.Edit, ownerId, ownerTeamId),
            access.Can(entity, PermissionAction.Delete, ownerId, ownerTeamId),
            access.Can(entity, PermissionAction.Assign, ownerId, ownerTeamId));
    }

    public static RecordRights Of<T>(UserAccess access, OwnedRow row)
        where T : OwnedRecord => Of<T>(access, row.OwnerId, row.OwnerTeamId);
}
