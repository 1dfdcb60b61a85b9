using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Web.Features.Users;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Workflows;

public sealed record RoleTransitionsModel(int RoleId, string RoleName, IReadOnlyList<CatalogEntry> Workflows, IReadOnlySet<(string Workflow, string Transition)> Granted);

/// <summary>System → Roles → a role → Workflow transitions: the Perform permission per transition (spec §11).</summary>
[Authorize(Policy = Policies.ManageUsers)]
[Route("system/roles/{id:int}/workflows")]
public sealed class RoleTransitionsController(RoleAdministration roles, WorkflowAdministration workflows) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken)
    {
        var role = await roles.FindAsync(id, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        ViewData.SetPage($"{role.Name}: workflow transitions", SystemCrumbs.System, SystemCrumbs.Roles, new Breadcrumb(role.Name, $"/system/roles/{id}"), new Breadcrumb("Workflow transitions"));
        var catalog = await workflows.CatalogAsync(cancellationToken);
        return View(
            "~/Features/Workflows/RoleTransitions.cshtml",
            new RoleTransitionsModel(id, role.Name, catalog.Entries.Where(e => e.Definition is not null).ToList(), await workflows.GrantsOfRoleAsync(id, cancellationToken)));
    }

    /// <summary>Posted as <c>perform=workflow/transition</c> per ticked box.</summary>
    [HttpPost("")]
    public async Task<IActionResult> Save(int id, [FromForm] List<string>? perform, CancellationToken cancellationToken)
    {
        var grants = (perform ?? [])
            .Select(p => p.Split('/', 2))
            .Where(p => p.Length == 2)
            .Select(p => (p[0], p[1]))
            .ToList();
        await workflows.SetGrantsOfRoleAsync(id, grants, cancellationToken);
        this.Flash(FlashKind.Success, "Workflow transitions saved.");
        return Redirect($"/system/roles/{id}");
    }
}
