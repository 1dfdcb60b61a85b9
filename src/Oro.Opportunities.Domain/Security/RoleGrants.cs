namespace Oro.Opportunities.Domain.Security;

/// <summary>One cell of a role's permission matrix.</summary>
public sealed class RolePermission
{
    public RolePermission(int roleId, SecuredEntity entity, PermissionAction action, AccessLevel level)
    {
        RoleId = roleId;
        Entity = entity;
        Action = action;
        Level = level;
    }

    public int RoleId { get; private set; }

    public SecuredEntity Entity { get; private set; }

    public PermissionAction Action { get; private set; }

    public AccessLevel Level { get; set; }
}

/// <summary>A capability granted to a role.</summary>
public sealed class RoleCapability
{
    public RoleCapability(int roleId, Capability capability)
    {
        RoleId = roleId;
        Capability = capability;
    }

    public int RoleId { get; private set; }

    public Capability Capability { get; private set; }
}
