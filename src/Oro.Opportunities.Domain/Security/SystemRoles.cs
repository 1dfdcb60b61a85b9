namespace Oro.Opportunities.Domain.Security;

/// <summary>The seeded roles of spec §11 and their default permission matrices.</summary>
public static class SystemRoles
{
    public const string Administrator = "Administrator";
    public const string SalesManager = "Sales Manager";
    public const string SalesRep = "Sales Rep";

    public static IReadOnlyList<string> All { get; } = [Administrator, SalesManager, SalesRep];

    public static AccessLevel DefaultLevel(string role, SecuredEntity entity, PermissionAction action) => role switch
    {
        Administrator => AccessLevel.All,
        SalesManager => AccessLevel.All,
        SalesRep => action == PermissionAction.Assign ? AccessLevel.None : AccessLevel.Own,
        _ => AccessLevel.None,
    };

    public static IReadOnlyList<Capability> DefaultCapabilities(string role) => role switch
    {
        Administrator => Enum.GetValues<Capability>(),
        SalesManager => [Capability.Import, Capability.Export],
        SalesRep => [Capability.Import, Capability.Export],
        _ => [],
    };
}
