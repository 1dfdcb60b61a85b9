using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Accounts;

/// <summary>Customers → Accounts (spec §9): grid, view page with the deal history, create, edit, delete.</summary>
[Route("accounts")]
public sealed class AccountsController(AccountQueries queries, AccountCommands commands, ISystemConfiguration configuration) : Controller
{
    private const string ListUrl = "/accounts";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AccountSearch search, CancellationToken cancellationToken)
    {
        var page = await queries.SearchAsync(search, cancellationToken);
        ViewData.SetPage("Accounts", new Breadcrumb("Customers"), new Breadcrumb("Accounts"));
        return View(new AccountsIndexViewModel
        {
            Page = page,
            Nav = GridNav.For(ListUrl, search.Q, page),
            CanCreate = await queries.CanCreateAsync(cancellationToken),
            Snapshot = await configuration.GetAsync(cancellationToken),
        });
    }

    /// <summary>The account picker's search: accounts the user may see, at most 20.</summary>
    [HttpGet("lookup")]
    public async Task<IActionResult> Lookup(string? term, [FromServices] Lookups lookups, CancellationToken cancellationToken) =>
        Json(await lookups.AccountsAsync(term, cancellationToken));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var account = await queries.GetDetailsAsync(id, cancellationToken);
        ViewData.SetPage(account.Name, Trail(new Breadcrumb(account.Name)));
        return View(new AccountDetailsViewModel { Account = account, Snapshot = await configuration.GetAsync(cancellationToken) });
    }

    [HttpGet("create")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        var form = new AccountEditModel { OwnerId = await queries.CurrentUserIdAsync(cancellationToken) };
        return await FormAsync(null, form, cancellationToken);
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] AccountEditModel form, [FromServices] IValidator<AccountEditModel> validator, CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        if (await validator.ValidateIntoAsync(form, ModelState, "Form", cancellationToken))
        {
            try
            {
                var account = await commands.CreateAsync(form.ToInput(), cancellationToken);
                return Saved(account.Id);
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Form");
            }
        }

        return await FormAsync(null, form, cancellationToken);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var current = await queries.GetForEditAsync(id, cancellationToken);
        return await FormAsync(current, AccountEditModel.From(current), cancellationToken);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] AccountEditModel form, [FromServices] IValidator<AccountEditModel> validator, CancellationToken cancellationToken)
    {
        // Hidden or read-only records answer 404 / 403 before anything about the input is said.
        var current = await queries.GetForEditAsync(id, cancellationToken);
        if (await validator.ValidateIntoAsync(form, ModelState, "Form", cancellationToken))
        {
            try
            {
                await commands.UpdateAsync(id, form.Version, form.ToInput(), cancellationToken);
                return Saved(id);
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Form");
            }
            catch (ConcurrencyConflictException ex)
            {
                // Nothing was saved: show what is stored now, with the token that goes with it.
                ModelState.Clear();
                ModelState.AddModelError(string.Empty, ex.Message);
                var fresh = await queries.GetForEditAsync(id, cancellationToken);
                return await FormAsync(fresh, AccountEditModel.From(fresh), cancellationToken);
            }
        }

        return await FormAsync(current, form, cancellationToken);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        try
        {
            await commands.DeleteAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is DomainRuleException or ConcurrencyConflictException)
        {
            this.Flash(FlashKind.Danger, ex.Message);
            return RedirectToAction(nameof(Details), new { id });
        }

        this.Flash(FlashKind.Success, "Account deleted.");
        return Redirect(ListUrl);
    }

    private static Breadcrumb[] Trail(params Breadcrumb[] rest) => [new Breadcrumb("Customers"), new Breadcrumb("Accounts", ListUrl), .. rest];

    private async Task EnsureCanCreateAsync(CancellationToken cancellationToken)
    {
        if (!await queries.CanCreateAsync(cancellationToken))
        {
            throw new ForbiddenException("You do not have permission to create accounts.");
        }
    }

    private RedirectToActionResult Saved(int id)
    {
        this.Flash(FlashKind.Success, "Account saved.");
        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>The create form (no current record) or the edit form of <paramref name="current"/>.</summary>
    private async Task<ViewResult> FormAsync(AccountEditData? current, AccountEditModel form, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            ViewData.SetPage($"Edit {current.Name}", Trail(new Breadcrumb(current.Name, $"{ListUrl}/{current.Id}"), new Breadcrumb("Edit")));
        }
        else
        {
            ViewData.SetPage("Create account", Trail(new Breadcrumb("Create")));
        }

        // Only the stored owner joins the assignable users, never a posted id.
        var owners = await queries.OwnersAsync(current?.OwnerId, cancellationToken);
        return View("Edit", new AccountFormViewModel { Id = current?.Id, Form = form, Owners = owners });
    }
}
