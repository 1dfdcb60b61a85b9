using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.Application.Configuration;

/// <summary>System → Configuration → Localization: the system's time zone, for users without one of their own.</summary>
public sealed class LocalizationSettings(ConfigurationWriter writer)
{
    public async Task SaveAsync(string? timeZone, long expectedRevision, CancellationToken cancellationToken = default)
    {
        var zone = TimeZones.Find(timeZone) ?? throw new DomainRuleException("Choose a time zone from the list.", "TimeZone");
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        await writer.SetAsync(SettingKeys.TimeZone, TimeZones.IanaId(zone) ?? zone.Id, cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }
}
