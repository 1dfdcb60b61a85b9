using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Records;

/// <summary>Who may own an owned record, and the owner rule every kind of record shares (spec §11, Assign).</summary>
public sealed class RecordOwners(AppDbContext db, AccessControl accessControl)
{
    /// <summary>
    /// Users the current user may make owner of <paramref name="entity"/>: everyone, their team, or
    /// only themselves, by their Assign level. The record's current owner is always listed, because
    /// keeping the owner needs no Assign permission.
    /// </summary>
    public async Task<IReadOnlyList<LookupItem>> AssignableAsync(SecuredEntity entity, int? currentOwnerId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var userId = access.UserId;
        var current = currentOwnerId ?? 0;
        var users = db.Users.AsNoTracking();
        var query = access.Level(entity, PermissionAction.Assign) switch
        {
            AccessLevel.All => users.Where(u => u.IsEnabled || u.Id == current),
            AccessLevel.Team when access.TeamId is int team =>
                users.Where(u => (u.IsEnabled && (u.Id == userId || u.TeamId == team)) || u.Id == current),
            _ => users.Where(u => u.Id == userId || u.Id == current),
        };

        var rows = await query
            .Select(u => new { u.Id, u.UserName, u.FirstName, u.LastName })
            .ToListAsync(cancellationToken);
        return rows
            .Select(u => new LookupItem(u.Id, DisplayName(u.FirstName, u.LastName, u.UserName), u.UserName))
            .OrderBy(u => u.Text, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(u => u.Id)
            .ToList();
    }

    /// <summary>Refuses an owner the user may not assign to; the user themself is always allowed.</summary>
    public async Task EnsureCanAssignAsync(UserAccess access, SecuredEntity entity, int ownerId, string field, CancellationToken cancellationToken)
    {
        var owner = await db.Users.AsNoTracking()
            .Where(u => u.Id == ownerId && u.IsEnabled)
            .Select(u => new { u.Id, u.TeamId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainRuleException("Choose an active user as owner.", field);
        if (owner.Id == access.UserId)
        {
            return;
        }

        var level = access.Level(entity, PermissionAction.Assign);
        if (!AccessRules.Allows(level, access.UserId, access.TeamId, owner.Id, owner.TeamId))
        {
            throw new DomainRuleException(
                "You can only make yourself" + (level == AccessLevel.Team ? " or a member of your team" : string.Empty) + " the owner.",
                field);
        }
    }

    public static string DisplayName(string firstName, string lastName, string? userName)
    {
        var name = (firstName + " " + lastName).Trim();
        return name.Length == 0 ? userName ?? string.Empty : name;
    }
}
