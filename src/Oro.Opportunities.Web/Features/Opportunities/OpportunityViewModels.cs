using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Opportunities;

/// <summary>A grid column: key (also the sort key), header, and whether it shows by default (spec §4).</summary>
public sealed record GridColumn(string Key, string Header, bool Default);

public sealed class OpportunityGridViewModel
{
    public static readonly GridColumn[] Columns =
    [
        new("id", "Id", false),
        new("name", "Opportunity name", true),
        new("created", "Created At", true),
        new("updated", "Updated At", false),
        new("contact", "Contact", true),
        new("closeDate", "Expected close date", true),
        new("budget", "Budget amount", true),
        new("baseBudget", "Budget (base)", true),
        new("probability", "Probability", true),
        new("status", "Status", true),
        new("email", "Contact email", true),
        new("owner", "Owner", true),
        new("account", "Account", true),
        new("closeRevenue", "Close revenue", false),
        new("closeReason", "Close reason", false),
    ];

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
public sealed record OpportunityRowJson(int Id, long Version, int StatusId, string StatusCode, int? Probability, decimal? BudgetAmount, string? BudgetCurrency, string? CloseDate, int? ContactId, IReadOnlyDictionary<string, string> Cells)
{
    public static OpportunityRowJson From(OpportunityListItem item, ConfigurationSnapshot configuration) => new(
        item.Id,
        item.Version,
        item.StatusId,
        item.StatusCode,
        item.Probability,
        item.BudgetAmount,
        item.BudgetCurrency,
        Formats.Date(item.CloseDate),
        item.ContactId,
        OpportunityCells.For(item, configuration));
}

/// <summary>The display text of every grid column for one row; the view and the JSON answers share it.</summary>
public static class OpportunityCells
{
    public static IReadOnlyDictionary<string, string> For(OpportunityListItem item, ConfigurationSnapshot configuration) => new Dictionary<string, string>
    {
        ["id"] = item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["name"] = item.Name,
        ["created"] = Formats.DateTime(item.CreatedAt),
        ["updated"] = Formats.DateTime(item.UpdatedAt),
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
        ["closeReason"] = item.CloseReasonCode ?? string.Empty,
    };
}
