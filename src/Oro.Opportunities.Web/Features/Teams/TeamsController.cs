using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Features.Users;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Teams;

[Authorize(Policy = Policies.ManageUsers)]
[Route("system/teams")]
public sealed class TeamsController(TeamAdministration teams, IValidator<TeamEditModel> validator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData.SetPage("Teams", SystemCrumbs.System, new Breadcrumb("Teams"));
        return View(await teams.ListAsync(cancellationToken));
    }

    [HttpGet("create")]
    public IActionResult Create()
    {
        PrepareForm(null);
        return View("Form", new TeamEditModel());
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(TeamEditModel input, CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                var id = await teams.CreateAsync(input.ToCommand(), cancellationToken);
                this.Flash(FlashKind.Success, $"Team '{input.Name.Trim()}' created.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        PrepareForm(null);
        return View("Form", input);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var team = await teams.FindAsync(id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        ViewData.SetPage(team.Name, SystemCrumbs.System, SystemCrumbs.Teams, new Breadcrumb(team.Name));
        return View(team);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var team = await teams.FindAsync(id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        PrepareForm(team);
        return View("Form", TeamEditModel.From(team));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, TeamEditModel input, CancellationToken cancellationToken)
    {
        var team = await teams.FindAsync(id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        if (await validator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                await teams.UpdateAsync(id, input.ToCommand(), cancellationToken);
                this.Flash(FlashKind.Success, $"Team '{input.Name.Trim()}' saved.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        PrepareForm(team);
        return View("Form", input);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var team = await teams.FindAsync(id, cancellationToken);
        if (team is null)
        {
            return NotFound();
        }

        try
        {
            await teams.DeleteAsync(id, cancellationToken);
            this.Flash(FlashKind.Success, $"Team '{team.Name}' deleted.");
            return RedirectToAction(nameof(Index));
        }
        catch (DomainRuleException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
            return RedirectToAction(nameof(Details), new { id });
        }
    }

    private void PrepareForm(TeamDetails? team)
    {
        if (team is null)
        {
            ViewData.SetPage("New team", SystemCrumbs.System, SystemCrumbs.Teams, new Breadcrumb("New team"));
        }
        else
        {
            ViewData.SetPage(
                "Edit " + team.Name,
                SystemCrumbs.System,
                SystemCrumbs.Teams,
                new Breadcrumb(team.Name, Url.Action(nameof(Details), new { id = team.Id })),
                new Breadcrumb("Edit"));
        }

        ViewData[nameof(TeamFormContext)] = new TeamFormContext(team?.Id);
    }
}
