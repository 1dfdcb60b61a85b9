namespace Oro.Opportunities.Application.Configuration;

/// <summary>Keys of the stored settings, named after their place in System Configuration.</summary>
public static class SettingKeys
{
    public const string OpportunityEnabled = "sales.opportunity.enabled";
    public const string DisplayRelevantOpportunities = "sales.opportunity.display_relevant";
    public const string LeadEnabled = "sales.lead.enabled";
    public const string LeadSources = "sales.lead.sources";
    public const string BaseCurrency = "currency.base";
    public const string CurrencyDisplay = "currency.display";
    public const string TimeZone = "localization.time_zone";
}
