using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Security;

/// <summary>The effective permissions of one user: the widest level any of their roles grants (spec §11).</summary>
public sealed class UserAccess
{
    private readonly Dictionary<(SecuredEntity, PermissionAction), AccessLevel> levels;
    private readonly HashSet<Capability> capabilities;

    private readonly HashSet<(string Workflow, string Transition)> transitions;

    public UserAccess(
        int userId, int? teamId, Dictionary<(SecuredEntity, PermissionAction), AccessLevel> levels, HashSet<Capability> capabilities,
        HashSet<(string Workflow, string Transition)>? transitions = null, string? timeZone = null)
    {
        UserId = userId;
        TeamId = teamId;
        this.levels = levels;
        this.capabilities = capabilities;
        this.transitions = transitions ?? [];
        TimeZone = timeZone;
    }

    public static UserAccess Anonymous { get; } = new(0, null, [], []);

    /// <summary>One of the user's roles may perform this workflow transition (spec §11, "Perform").</summary>
    public bool CanPerform(string workflow, string transition) => transitions.Contains((workflow, transition));

    public int UserId { get; }

    public int? TeamId { get; }

    /// <summary>The user's own time zone (IANA name), or null for the system's (see <see cref="Common.UserClock"/>).</summary>
    public string? TimeZone { get; }

    public AccessLevel Level(SecuredEntity entity, PermissionAction action) =>
        levels.GetValueOrDefault((entity, action), AccessLevel.None);

    public bool Has(Capability capability) => capabilities.Contains(capability);

    public bool CanCreate(SecuredEntity entity) => AccessRules.AllowsCreate(Level(entity, PermissionAction.Create));

    public bool Can(SecuredEntity entity, PermissionAction action, int ownerId, int? ownerTeamId) =>
        AccessRules.Allows(Level(entity, action), UserId, TeamId, ownerId, ownerTeamId);
}

/// <summary>
/// Users' effective permissions, kept per process until the security revision moves (any change to
/// a user, a role, a user's roles or a role's permissions, on any instance).
/// </summary>
public sealed class AccessCache : RevisionCache<int, UserAccess>;

/// <summary>Loads the current user's permissions once per request (from the process cache when still current).</summary>
public sealed class AccessControl(AppDbContext db, ICurrentUser currentUser, AccessCache? cache = null)
{
    private UserAccess? access;

    public async Task<UserAccess> GetAsync(CancellationToken cancellationToken = default)
    {
        if (access is not null)
        {
            return access;
        }

        if (currentUser.UserId is not int userId)
        {
            return access = UserAccess.Anonymous;
        }

        if (cache is null)
        {
            return access = await LoadAsync(db, userId, cancellationToken);
        }

        return access = await cache.GetOrAddAsync(db, Domain.Configuration.DataRevision.Security, userId, () => LoadAsync(db, userId, cancellationToken), cancellationToken: cancellationToken);
    }

    public static async Task<UserAccess> LoadAsync(AppDbContext db, int userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.IsEnabled)
            .Select(u => new { u.Id, u.TeamId, u.TimeZone })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return UserAccess.Anonymous;
        }

        var roleIds = db.UserRoles.Where(ur => ur.UserId == userId).Select(ur => ur.RoleId);
        var grants = await db.RolePermissions.AsNoTracking()
            .Where(p => roleIds.Contains(p.RoleId))
            .Select(p => new { p.Entity, p.Action, p.Level })
            .ToListAsync(cancellationToken);
        var capabilities = await db.RoleCapabilities.AsNoTracking()
            .Where(c => roleIds.Contains(c.RoleId))
            .Select(c => c.Capability)
            .Distinct()
            .ToListAsync(cancellationToken);

        var transitions = await db.WorkflowTransitionGrants.AsNoTracking()
            .Where(g => roleIds.Contains(g.RoleId))
            .Select(g => new { g.WorkflowName, g.Transition })
            .ToListAsync(cancellationToken);

        var levels = grants
            .GroupBy(g => (g.Entity, g.Action))
            .ToDictionary(g => g.Key, g => AccessRules.Widest(g.Select(x => x.Level)));
        return new UserAccess(user.Id, user.TeamId, levels, [.. capabilities], [.. transitions.Select(t => (t.WorkflowName, t.Transition))], user.TimeZone);
    }
}
