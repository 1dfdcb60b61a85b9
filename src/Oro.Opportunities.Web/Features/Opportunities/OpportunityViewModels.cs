using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Opportunities;

public sealed class OpportunityGridViewModel
{
    public static IReadOnlyList<GridColumn> Columns => OpportunityGridColumns.All;

    public required OpportunitySearch Search { get; init; }

    public required OpportunityGridPage Page { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required IReadOnlyList<string> VisibleColumns { get; init; }

    public required IReadOnlyList<SavedViewItem> SavedViews { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required IReadOnlyList<LookupItem> Teams { get; init; }

    public required bool CanCreate { get; init; }

    public required bool CanEdit { get; init; }

    public required bool CanDelete { get; init; }

    public required bool CanAssign { get; init; }

    public int? ActiveSavedViewId { get; init; }

    /// <summary>The current query string (filters, sort, columns, size) without the page.</summary>
    public required string QueryWithoutPage { get; init; }
}

public sealed class OpportunityFormViewModel
{
    public required OpportunityEditModel Form { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required bool IsNew { get; init; }

    public bool Conflict { get; init; }

    /// <summary>Fields an active workflow's step makes read-only or limits (by form field name).</summary>
    public IReadOnlyDictionary<string, Application.Workflows.FieldLock> Locks { get; init; } = new Dictionary<string, Application.Workflows.FieldLock>();

    public Application.Workflows.FieldLock? Lock(string field) => Locks.GetValueOrDefault(field);

    public bool IsReadOnly(string field) => Lock(field)?.ReadOnly == true;
}

/// <summary>What the inline-edit and status endpoints answer: the row's values and each cell's text.</summary>
public sealed record OpportunityRowJson(
    int Id, long Version, int StatusId, string StatusCode, int? Probability, int? StatusDefaultProbability, bool ProbabilityManual,
    decimal? BudgetAmount, string? BudgetCurrency, string? CloseDate, int? ContactId, IReadOnlyDictionary<string, string> Cells)
{
    public static OpportunityRowJson From(OpportunityListItem item, ConfigurationSnapshot configuration, TimeZoneInfo zone) => new(
        item.Id,
        item.Version,
        item.StatusId,
        item.StatusCode,
        item.Probability,
        OpportunityCells.StatusDefault(item, configuration),
        OpportunityCells.IsManualProbability(item, configuration),
        item.BudgetAmount,
        item.BudgetCurrency,
        Formats.Date(item.CloseDate),
        item.ContactId,
        OpportunityCells.For(item, configuration, zone));
}

/// <summary>The display text of every grid column for one row; the view and the JSON answers share it.</summary>
public static class OpportunityCells
{
    public static IReadOnlyDictionary<string, string> For(OpportunityListItem item, ConfigurationSnapshot configuration, TimeZoneInfo zone) => new Dictionary<string, string>
    {
        ["id"] = item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["name"] = item.Name,
        ["created"] = Formats.DateTime(item.CreatedAt, zone),
        ["updated"] = Formats.DateTime(item.UpdatedAt, zone),
        ["contact"] = item.ContactName ?? string.Empty,
        ["closeDate"] = Formats.Date(item.CloseDate),
        ["budget"] = Formats.Money(item.BudgetAmount, item.BudgetCurrency, configuration),
        ["baseBudget"] = Formats.Base(item.BaseBudgetAmount, configuration),
        ["probability"] = Formats.Percent(item.Probability),
        ["status"] = item.StatusLabel,
        ["email"] = item.ContactEmail ?? string.Empty,
        ["owner"] = item.OwnerName,
        ["account"] = item.AccountName,
        ["closeRevenue"] = Formats.Money(item.CloseRevenueAmount, item.CloseRevenueCurrency, configuration),
        ["closeReason"] = configuration.CloseReasonLabel(item.CloseReasonCode),
    };

    /// <summary>
    /// What the inline editor reads from an editable cell (opportunities-grid.js): the kind of editor, its
    /// label, the raw value, the currency of an amount and the status's default probability; as attributes,
    /// each encoded, with a leading space. A cell that is not editable carries none of them.
    /// </summary>
    public static Microsoft.AspNetCore.Html.HtmlString EditorAttributes(OpportunityListItem item, string key, string label, int? statusDefault, ConfigurationSnapshot configuration)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var raw = key switch
        {
            "probability" => item.Probability?.ToString(invariant),
            "budget" => Formats.Number(item.BudgetAmount),
            "closeDate" => Formats.Date(item.CloseDate),
            "closeRevenue" => Formats.Number(item.CloseRevenueAmount),
            "status" => item.StatusId.ToString(invariant),
            "owner" => item.OwnerId.ToString(invariant),
            "contact" => item.ContactId?.ToString(invariant),
            "name" => item.Name,
            _ => null,
        };
        var currency = key switch
        {
            "budget" => item.BudgetCurrency ?? configuration.BaseCurrency,
            "closeRevenue" => item.CloseRevenueCurrency ?? configuration.BaseCurrency,
            _ => null,
        };
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        var html = new System.Text.StringBuilder(128)
            .Append(" data-edit=\"").Append(encoder.Encode(key))
            .Append("\" data-label=\"").Append(encoder.Encode(label))
            .Append("\" data-raw=\"").Append(encoder.Encode(raw ?? string.Empty)).Append('"');
        if (currency is not null)
        {
            html.Append(" data-currency=\"").Append(encoder.Encode(currency)).Append('"');
        }

        if (key == "probability")
        {
            html.Append(" data-status-default=\"").Append(statusDefault?.ToString(invariant)).Append('"');
        }

        return new Microsoft.AspNetCore.Html.HtmlString(html.ToString());
    }

    /// <summary>The default probability of the deal's status (null when the status is not configured).</summary>
    public static int? StatusDefault(OpportunityListItem item, ConfigurationSnapshot configuration) =>
        configuration.Statuses.FirstOrDefault(s => s.Id == item.StatusId)?.DefaultProbability;

    /// <summary>
    /// Whether the probability was entered by hand: an open deal whose probability is not its status's
    /// default no longer follows the status (spec §3.1). Won and Lost fix it, so they are never manual.
    /// </summary>
    public static bool IsManualProbability(OpportunityListItem item, ConfigurationSnapshot configuration) =>
        configuration.Statuses.FirstOrDefault(s => s.Id == item.StatusId) is { IsClosed: false } status
        && item.Probability is int probability && probability != status.DefaultProbability;
}
