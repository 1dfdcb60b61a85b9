namespace Oro.Opportunities.Application.Configuration;

/// <summary>The switches of System Configuration → Sales Pipeline (spec §8).</summary>
public sealed class SalesPipelineSettings(ConfigurationWriter writer)
{
    public async Task SaveOpportunitySettingsAsync(bool opportunityEnabled, bool displayRelevantOpportunities, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.SetAsync(SettingKeys.OpportunityEnabled, opportunityEnabled, cancellationToken);
        await writer.SetAsync(SettingKeys.DisplayRelevantOpportunities, displayRelevantOpportunities, cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }

    public async Task SaveLeadSettingsAsync(bool leadEnabled, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.SetAsync(SettingKeys.LeadEnabled, leadEnabled, cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }
}
