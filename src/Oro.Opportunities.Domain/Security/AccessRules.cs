namespace Oro.Opportunities.Domain.Security;

/// <summary>Evaluates an access level against a record's owner (spec §11).</summary>
public static class AccessRules
{
    /// <summary>Create has no owner to compare with: any level above None allows it.</summary>
    public static bool AllowsCreate(AccessLevel level) => level != AccessLevel.None;

    public static bool Allows(AccessLevel level, int userId, int? userTeamId, int ownerId, int? ownerTeamId) => level switch
    {
        AccessLevel.All => true,
        AccessLevel.Team => ownerId == userId || (userTeamId is not null && ownerTeamId == userTeamId),
        AccessLevel.Own => ownerId == userId,
        _ => false,
    };

    /// <summary>A user with several roles gets the widest level any of them grants.</summary>
    public static AccessLevel Widest(IEnumerable<AccessLevel> levels) =>
        levels.DefaultIfEmpty(AccessLevel.None).Max();
}
