using Oro.Opportunities.Application.Board;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Board;

public sealed record BoardCardModel(OpportunityListItem Item, ConfigurationSnapshot Configuration, bool CanEdit, bool CanDelete);

public sealed class BoardViewModel
{
    public required BoardPage Page { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required bool CanEdit { get; init; }

    public required bool CanDelete { get; init; }

    /// <summary>The grid/board query string (filters and view), kept by the Grid/Board switcher.</summary>
    public required string Query { get; init; }

    public required string ViewTitle { get; init; }
}

/// <summary>A column header's figures as the board shows them.</summary>
public sealed record ColumnTotalsJson(int StatusId, int Count, string Budget, string Weighted)
{
    public static ColumnTotalsJson From(ColumnTotals totals, ConfigurationSnapshot configuration) =>
        new(totals.StatusId, totals.Count, Formats.Base(totals.BaseBudget, configuration), Formats.Base(totals.WeightedBaseBudget, configuration));
}
