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
    public static IQueryable<Opportunity> Permitted(this IQueryable<Opportunity> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View)
    {
        var userId = access.UserId;
        return access.Level(SecuredEntity.Opportunity, action) switch
        {
            AccessLevel.All => query,
            AccessLevel.Team when access.TeamId is int teamId =>
                query.Where(o => o.OwnerId == userId || db.Users.Any(u => u.Id == o.OwnerId && u.TeamId == teamId)),
            AccessLevel.Team or AccessLevel.Own => query.Where(o => o.OwnerId == userId),
            _ => query.Where(o => false),
        };
    }

    public static IQueryable<Account> Permitted(this IQueryable<Account> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View)
    {
        var userId = access.UserId;
        return access.Level(SecuredEntity.Account, action) switch
        {
            AccessLevel.All => query,
            AccessLevel.Team when access.TeamId is int teamId =>
                query.Where(a => a.OwnerId == userId || db.Users.Any(u => u.Id == a.OwnerId && u.TeamId == teamId)),
            AccessLevel.Team or AccessLevel.Own => query.Where(a => a.OwnerId == userId),
            _ => query.Where(a => false),
        };
    }

    public static IQueryable<Contact> Permitted(this IQueryable<Contact> query, AppDbContext db, UserAccess access, PermissionAction action = PermissionAction.View)
    {
        var userId = access.UserId;
        return access.Level(SecuredEntity.Contact, action) switch
        {
            AccessLevel.All => query,
            AccessLevel.Team when access.TeamId is int teamId =>
                query.Where(c => c.OwnerId == userId || db.Users.Any(u => u.Id == c.OwnerId && u.TeamId == teamId)),
            AccessLevel.Team or AccessLevel.Own => query.Where(c => c.OwnerId == userId),
            _ => query.Where(c => false),
        };
    }
}
