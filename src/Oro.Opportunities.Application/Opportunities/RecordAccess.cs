using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Row-level access (spec §11) as query filters, so that lists, totals, pickers and single-record
/// reads all apply the same rule in SQL. A record outside the filter is simply not found (404).
/// </summary>
public static class RecordAccess
{
    public static IQueryable<Opportunity> Permitted(this IQueryable<Opportunity> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View) =>
        Owned(query, db, access.Level(SecuredEntity.Opportunity, action), access);

    public static IQueryable<Account> Permitted(this IQueryable<Account> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View) =>
        Owned(query, db, access.Level(SecuredEntity.Account, action), access);

    public static IQueryable<Contact> Permitted(this IQueryable<Contact> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View) =>
        Owned(query, db, access.Level(SecuredEntity.Contact, action), access);

    /// <summary>
    /// For a record the permitted query did not find: "forbidden" (403) when the user may at least
    /// see it, otherwise "not found" (404), so that a hidden record is never revealed.
    /// </summary>
    public static async Task ThrowMissingOrForbiddenAsync<T>(this IQueryable<T> records, AppDbContext db, UserAccess access, int id, PermissionAction action, CancellationToken cancellationToken)
        where T : class, IOwned
    {
        var (entity, noun) = typeof(T) == typeof(Opportunity) ? (SecuredEntity.Opportunity, "opportunity")
            : typeof(T) == typeof(Account) ? (SecuredEntity.Account, "account")
            : typeof(T) == typeof(Contact) ? (SecuredEntity.Contact, "contact")
            : throw new NotSupportedException($"{typeof(T).Name} has no access rules.");
        if (await Owned(records, db, access.Level(entity, PermissionAction.View), access).AnyAsync(r => r.Id == id, cancellationToken))
        {
            throw new ForbiddenException($"You do not have permission to {action.ToString().ToLowerInvariant()} this {noun}.");
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
