using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Home;

/// <summary>
/// The home page: what a sales rep looks at first — their open deals closing this month, their
/// overdue deals, their recent imports — and where to go next. Dates are the user's (their zone).
/// </summary>
public sealed class HomeController(NavigationBuilder navigation, AccessControl accessControl, ISystemConfiguration configuration, UserClock clock) : Controller
{
    public const int ListSize = 8;

    [HttpGet("/")]
    public async Task<IActionResult> Index([FromServices] OpportunityGridQuery grid, [FromServices] ImportJobs imports, CancellationToken cancellationToken)
    {
        ViewData.SetPage("Home");
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var today = (await clock.NowAsync(cancellationToken)).Today;
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var model = new HomePageModel
        {
            Sections = await navigation.BuildAsync(User, cancellationToken),
            Configuration = snapshot,
            Today = today,
            MonthStart = monthStart,
            MonthEnd = monthEnd,
        };

        if (snapshot.OpportunityEnabled && access.Level(SecuredEntity.Opportunity, PermissionAction.View) != AccessLevel.None)
        {
            model.ClosingThisMonth = await grid.RunAsync(
                new OpportunitySearch { View = "open", Owner = [access.UserId], CloseFrom = today, CloseTo = monthEnd, Sort = "closeDate", Dir = "asc", Size = ListSize },
                cancellationToken);
            model.Overdue = await grid.RunAsync(
                new OpportunitySearch { View = "overdue", Owner = [access.UserId], Sort = "closeDate", Dir = "asc", Size = ListSize },
                cancellationToken);
        }

        if (access.Has(Capability.Import))
        {
            model.RecentImports = await imports.ListAsync(5, cancellationToken);
        }

        return View(model);
    }
}

public sealed class HomePageModel
{
    public required IReadOnlyList<NavSection> Sections { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required DateOnly Today { get; init; }

    public required DateOnly MonthStart { get; init; }

    public required DateOnly MonthEnd { get; init; }

    /// <summary>My open deals expected to close from today to the end of this month (null: no access to opportunities).</summary>
    public OpportunityGridPage? ClosingThisMonth { get; set; }

    /// <summary>My open deals whose expected close date has passed.</summary>
    public OpportunityGridPage? Overdue { get; set; }

    /// <summary>My latest imports (administrators: everyone's); null without the Import capability.</summary>
    public IReadOnlyList<ImportJobSummary>? RecentImports { get; set; }
}
