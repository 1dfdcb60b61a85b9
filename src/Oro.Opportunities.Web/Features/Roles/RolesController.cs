using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Features.Users;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Roles;

[Authorize(Policy = Policies.ManageUsers)]
[Route("system/roles")]
public sealed class RolesController(RoleAdministration roles, IValidator<RoleEditModel> validator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData.SetPage("Roles", SystemCrumbs.System, new Breadcrumb("Roles"));
        return View(await roles.ListAsync(cancellationToken));
    }

    [HttpGet("create")]
    public IActionResult Create()
    {
        PrepareForm(null);
        return View("Form", RoleEditModel.New());
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(RoleEditModel input, CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                var id = await roles.CreateAsync(input.ToCommand(), cancellationToken);
                this.Flash(FlashKind.Success, $"Role '{input.Name.Trim()}' created.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        PrepareForm(null);
        return View("Form", input.Completed());
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var role = await roles.FindAsync(id, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        ViewData.SetPage(role.Name, SystemCrumbs.System, SystemCrumbs.Roles, new Breadcrumb(role.Name));
        return View(role);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var role = await roles.FindAsync(id, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        PrepareForm(role);
        return View("Form", RoleEditModel.From(role));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, RoleEditModel input, CancellationToken cancellationToken)
    {
        var role = await roles.FindAsync(id, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        if (await validator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                await roles.UpdateAsync(id, input.ToCommand(), cancellationToken);
                this.Flash(FlashKind.Success, $"Role '{input.Name.Trim()}' saved. The new permissions apply from each user's next page.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        PrepareForm(role);
        return View("Form", input.Completed());
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var role = await roles.FindAsync(id, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        try
        {
            await roles.DeleteAsync(id, cancellationToken);
            this.Flash(FlashKind.Success, $"Role '{role.Name}' deleted.");
            return RedirectToAction(nameof(Index));
        }
        catch (DomainRuleException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
            return RedirectToAction(nameof(Details), new { id });
        }
    }

    private void PrepareForm(RoleDetails? role)
    {
        if (role is null)
        {
            ViewData.SetPage("New role", SystemCrumbs.System, SystemCrumbs.Roles, new Breadcrumb("New role"));
        }
        else
        {
            ViewData.SetPage(
                "Edit " + role.Name,
                SystemCrumbs.System,
                SystemCrumbs.Roles,
                new Breadcrumb(role.Name, Url.Action(nameof(Details), new { id = role.Id })),
                new Breadcrumb("Edit"));
        }

        ViewData[nameof(RoleFormContext)] = new RoleFormContext(role?.Id, role?.IsSystem == true);
    }
}
