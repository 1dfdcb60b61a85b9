using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Sales → Opportunities: its menu entry and its switch (spec §8). Its services are registered in
/// <see cref="ApplicationServiceCollectionExtensions"/> beside the change pipeline's handlers.
/// </summary>
public sealed class OpportunitiesModule : IFeatureModule
{
    public IEnumerable<MenuEntry> Menu =>
        [new("sales", "Opportunities", "/opportunities", "bi-briefcase", 10, MenuEntry.ViewersOf(SecuredEntity.Opportunity, Feature.Opportunities))];

    public IEnumerable<FeatureGate> Gates => [new(Feature.Opportunities, "/opportunities")];
}
