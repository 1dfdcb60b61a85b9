using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.Web.Features.Records;

/// <summary>The "Views" menu of a record grid: where the grid lives, the user's views, the open one and the query to save.</summary>
public sealed record SavedViewsMenu(string Path, IReadOnlyList<SavedViewItem> Views, SavedViewItem? Active, string Query);
