using System.Security.Claims;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Web.Infrastructure;

public sealed record NavItem(string Label, string Url, string Icon);

public sealed record NavSection(string Label, string Key, IReadOnlyList<NavItem> Items);

/// <summary>
/// Builds the top navigation from the user's permissions and the configuration snapshot:
/// a switched-off module or a page the user may not open does not appear.
/// </summary>
public sealed class NavigationBuilder(ISystemConfiguration configuration, AccessControl accessControl, IEnumerable<IFeatureModule> modules)
{
    public async Task<IReadOnlyList<NavSection>> BuildAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);

        // Sales and customer pages come from the features' own modules, in their order.
        List<NavItem> Section(string key) => modules
            .SelectMany(m => m.Menu)
            .Where(e => e.Section == key && e.IsVisible(snapshot, access))
            .OrderBy(e => e.Order)
            .Select(e => new NavItem(e.Label, e.Url, e.Icon))
            .ToList();
        var sales = Section("sales");
        var customers = Section("customers");

        var system = new List<NavItem>();
        if (access.Has(Capability.SystemConfiguration))
        {
            system.Add(new NavItem("Configuration", "/system/configuration", "bi-gear"));
        }

        if (access.Has(Capability.ManageUsers))
        {
            system.Add(new NavItem("Users", "/system/users", "bi-people"));
            system.Add(new NavItem("Roles", "/system/roles", "bi-shield-lock"));
            system.Add(new NavItem("Teams", "/system/teams", "bi-diagram-3"));
        }

        if (access.Has(Capability.ManageWorkflows))
        {
            system.Add(new NavItem("Workflows", "/system/workflows", "bi-diagram-2"));
        }

        if (user.IsInRole(SystemRoles.Administrator))
        {
            system.Add(new NavItem("Background jobs", BackgroundJobsSetup.JobsPagePath, "bi-cpu"));
        }

        return new[]
        {
            new NavSection("Sales", "sales", sales),
            new NavSection("Customers", "customers", customers),
            new NavSection("System", "system", system),
        }.Where(s => s.Items.Count > 0).ToList();
    }
}
