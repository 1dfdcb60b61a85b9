using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>The sections of the left-hand configuration menu.</summary>
public enum ConfigurationSection
{
    Opportunity,
    Lead,
    Currency,
    Localization,
}

/// <summary>
/// Paths and breadcrumbs shared by the configuration controllers. The views are named by full
/// path because three controllers render pages from this one feature folder.
/// </summary>
public static class ConfigurationPages
{
    public const string SavedMessage = "Configuration saved";

    public const string OpportunityView = "~/Features/Configuration/Opportunity.cshtml";
    public const string LeadView = "~/Features/Configuration/Lead.cshtml";
    public const string CurrencyView = "~/Features/Configuration/Currency.cshtml";
    public const string DeleteStatusView = "~/Features/Configuration/DeleteStatus.cshtml";
    public const string RateHistoryView = "~/Features/Configuration/RateHistory.cshtml";
    public const string ChangeBaseView = "~/Features/Configuration/ChangeBase.cshtml";
    public const string LocalizationView = "~/Features/Configuration/Localization.cshtml";

    public const string OpportunityUrl = "/system/configuration/opportunity";
    public const string LeadUrl = "/system/configuration/lead";
    public const string CurrencyUrl = "/system/configuration/currency";
    public const string LocalizationUrl = "/system/configuration/localization";

    public static Breadcrumb[] Trail(params Breadcrumb[] section) =>
        [new Breadcrumb("System"), new Breadcrumb("Configuration", "/system/configuration"), .. section];

    public static Breadcrumb[] OpportunityTrail(bool linked = false) =>
        Trail(new Breadcrumb("Sales Pipeline"), new Breadcrumb("Opportunity", linked ? OpportunityUrl : null));

    public static Breadcrumb[] CurrencyTrail(bool linked = false) =>
        Trail(new Breadcrumb("Currency", linked ? CurrencyUrl : null));
}
