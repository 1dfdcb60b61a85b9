using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Leads;

/// <summary>Sales → Leads (spec §9): its menu entry, its switch ("Enable Lead") and its services.</summary>
public sealed class LeadsModule : IFeatureModule
{
    public IEnumerable<MenuEntry> Menu =>
        [new("sales", "Leads", "/leads", "bi-person-plus", 20, MenuEntry.ViewersOf(SecuredEntity.Lead, Feature.Leads))];

    public IEnumerable<FeatureGate> Gates => [new(Feature.Leads, "/leads")];
}
