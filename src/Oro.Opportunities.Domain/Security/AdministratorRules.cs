namespace Oro.Opportunities.Domain.Security;

/// <summary>
/// The rules that keep at least one person able to run the system: without them an administrator
/// could lock everyone out of user management and configuration with one click.
/// </summary>
public static class AdministratorRules
{
    /// <summary>The user created on first start.</summary>
    public const string BootstrapUserName = "admin";

    /// <summary>Capabilities the Administrator role can never lose: they are the way back in.</summary>
    public static IReadOnlyList<Capability> RequiredCapabilities { get; } = [Capability.SystemConfiguration, Capability.ManageUsers];

    /// <summary>Refuses a matrix for the Administrator role that is not All everywhere or lacks a required capability.</summary>
    /// <param name="levels">Every cell of the submitted matrix; a missing cell counts as None.</param>
    public static void EnsureAdministratorMatrixKeepsControl(
        string roleName,
        IReadOnlyDictionary<(SecuredEntity Entity, PermissionAction Action), AccessLevel> levels,
        IReadOnlyCollection<Capability> capabilities)
    {
        if (!string.Equals(roleName, SystemRoles.Administrator, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var missing = RequiredCapabilities.Where(c => !capabilities.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(
                $"The Administrator role must keep {string.Join(" and ", missing.Select(Describe))}, so that someone can always manage users and the system.",
                "Capabilities");
        }

        foreach (var entity in Enum.GetValues<SecuredEntity>())
        {
            foreach (var action in Enum.GetValues<PermissionAction>())
            {
                if (levels.GetValueOrDefault((entity, action), AccessLevel.None) != AccessLevel.All)
                {
                    throw new DomainRuleException(
                        $"The Administrator role must keep the All level for every entity and action; {entity} / {action} is not All.",
                        "Cells");
                }
            }
        }
    }

    /// <summary>
    /// Refuses a change that would leave no enabled Administrator (disabling one, or taking the role away).
    /// </summary>
    /// <param name="affectsEnabledAdministrator">The change removes an enabled user from the enabled Administrators.</param>
    /// <param name="otherEnabledAdministrators">How many enabled Administrators there are besides that user.</param>
    public static void EnsureAnAdministratorRemains(bool affectsEnabledAdministrator, int otherEnabledAdministrators, string? field = null)
    {
        if (affectsEnabledAdministrator && otherEnabledAdministrators == 0)
        {
            throw new DomainRuleException(
                "This is the last enabled Administrator. Give the Administrator role to another enabled user first.",
                field);
        }
    }

    /// <summary>An administrator who disables their own account would be signed out and unable to come back.</summary>
    public static void EnsureNotSelf(int targetUserId, int? actingUserId, string action)
    {
        if (actingUserId == targetUserId)
        {
            throw new DomainRuleException($"You cannot {action} your own account.");
        }
    }

    /// <summary>
    /// The bootstrap account keeps its name: start-up looks it up by name, and would otherwise create a
    /// second administrator with the configured password.
    /// </summary>
    public static void EnsureBootstrapNameKept(string currentUserName, string newUserName)
    {
        if (string.Equals(currentUserName, BootstrapUserName, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(currentUserName, newUserName, StringComparison.Ordinal))
        {
            throw new DomainRuleException($"The user name of the built-in '{BootstrapUserName}' account cannot be changed.", "UserName");
        }
    }

    public static string Describe(Capability capability) => capability switch
    {
        Capability.SystemConfiguration => "System Configuration",
        Capability.ManageUsers => "Manage Users",
        Capability.ManageWorkflows => "Manage Workflows",
        _ => capability.ToString(),
    };
}
