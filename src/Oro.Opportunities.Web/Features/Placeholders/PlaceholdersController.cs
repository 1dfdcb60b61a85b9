using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Placeholders;

/// <summary>
/// Landing pages of the sales and customer modules whose screens arrive with later issues
/// (#3 opportunities, accounts and contacts; leads after that). They exist now so that the menu,
/// permissions and the feature switches of System Configuration can be exercised end to end.
/// </summary>
public sealed class PlaceholdersController(AccessControl accessControl) : Controller
{
    [HttpGet("/leads")]
    public Task<IActionResult> Leads() => ShowAsync(SecuredEntity.Lead, "Leads", "Sales");

    private async Task<IActionResult> ShowAsync(SecuredEntity entity, string title, string section)
    {
        var access = await accessControl.GetAsync(HttpContext.RequestAborted);
        if (access.Level(entity, PermissionAction.View) == AccessLevel.None)
        {
            return NotFound();
        }

        ViewData.SetPage(title, new Breadcrumb(section), new Breadcrumb(title));
        return View("Placeholder", title);
    }
}
