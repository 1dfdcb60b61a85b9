using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Row-level access (spec §11) as query filters, so that lists, totals, pickers and single-record
/// reads all apply the same rule in SQL. A record outside the filter is simply not found (404).
/// Which row of the role matrix applies is declared by the record's class (<see cref="SecuredRecordAttribute"/>).
/// </summary>
public static class RecordAccess
{
    public static IQueryable<T> Permitted<T>(this IQueryable<T> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View)
        where T : class, IOwned =>
        Owned(query, db, access.Level(SecuredRecordAttribute.Of<T>().Entity, action), access);

    /// <summary>
    /// For a record the permitted query did not find: "forbidden" (403) when the user may at least
    /// see it, otherwise "not found" (404), so that a hidden record is never revealed.
    /// </summary>
    public static async Task ThrowMissingOrForbiddenAsync<T>(this IQueryable<T> records, AppDbContext db, UserAccess access, int id, PermissionAction action, CancellationToken cancellationToken)
        where T : class, IOwned
    {
        var secured = SecuredRecordAttribute.Of<T>();
        if (await records.Permitted(db, access).AnyAsync(r => r.Id == id, cancellationToken))
        {
            throw new ForbiddenException($"You do not have permission to {action.ToString().ToLowerInvariant()} this {secured.Noun}.");
        }

        throw new NotFoundException();
    }

    private static IQueryable<T> Owned<T>(IQueryable<T> query, AppDbContext db, AccessLevel level, UserAccess access)
        where T : class, IOwned
    {
        var userId = access.UserId;
        return level switch
        {
            AccessLevel.All => query,
            AccessLevel.Team when access.TeamId is int teamId =>
                query.Where(r => r.OwnerId == userId || db.Users.Any(u => u.Id == r.OwnerId && u.TeamId == teamId)),
            AccessLevel.Team or AccessLevel.Own => query.Where(r => r.OwnerId == userId),
            _ => query.Where(r => false),
        };
    }
}
