using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Home;

public sealed class HomeController(NavigationBuilder navigation) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData.SetPage("Dashboard");
        return View(await navigation.BuildAsync(User, cancellationToken));
    }
}
