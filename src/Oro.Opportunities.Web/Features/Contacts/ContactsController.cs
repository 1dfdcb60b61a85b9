using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Contacts;

/// <summary>Customers → Contacts (spec §9): grid, view page, create, edit, delete.</summary>
[Route("contacts")]
public sealed class ContactsController(ContactQueries queries, ContactCommands commands, Lookups lookups) : Controller
{
    private const string ListUrl = "/contacts";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ContactSearch search, CancellationToken cancellationToken)
    {
        var page = await queries.SearchAsync(search, cancellationToken);
        ViewData.SetPage("Contacts", new Breadcrumb("Customers"), new Breadcrumb("Contacts"));
        return View(new ContactsIndexViewModel
        {
            Page = page,
            Nav = GridNav.For(ListUrl, search.Q, page),
            CanCreate = await queries.CanCreateAsync(cancellationToken),
        });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] ISystemConfiguration configuration, CancellationToken cancellationToken)
    {
        var contact = await queries.GetDetailsAsync(id, cancellationToken);
        ViewData.SetPage(contact.Name, Trail(new Breadcrumb(contact.Name)));
        return View(new ContactDetailsViewModel { Contact = contact, Snapshot = await configuration.GetAsync(cancellationToken) });
    }

    /// <summary>The empty form; <paramref name="accountId"/> (from an account page) preselects the account.</summary>
    [HttpGet("create")]
    public async Task<IActionResult> Create(int? accountId, CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        var form = new ContactEditModel { OwnerId = await queries.CurrentUserIdAsync(cancellationToken) };
        if (accountId is int id && await queries.AccountNameAsync(id, cancellationToken) is { } name)
        {
            form.AccountId = id;
            form.AccountName = name;
        }

        return await FormAsync(null, form, cancellationToken);
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] ContactEditModel form, [FromServices] IValidator<ContactEditModel> validator, CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        if (await validator.ValidateIntoAsync(form, ModelState, "Form", cancellationToken))
        {
            try
            {
                var contact = await commands.CreateAsync(form.ToInput(), cancellationToken);
                return Saved(contact.Id);
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
        return await FormAsync(current, ContactEditModel.From(current), cancellationToken);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] ContactEditModel form, [FromServices] IValidator<ContactEditModel> validator, CancellationToken cancellationToken)
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
                return await FormAsync(fresh, ContactEditModel.From(fresh), cancellationToken);
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
        catch (ConcurrencyConflictException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
            return RedirectToAction(nameof(Details), new { id });
        }

        this.Flash(FlashKind.Success, "Contact deleted.");
        return Redirect(ListUrl);
    }

    private static Breadcrumb[] Trail(params Breadcrumb[] rest) => [new Breadcrumb("Customers"), new Breadcrumb("Contacts", ListUrl), .. rest];

    private async Task EnsureCanCreateAsync(CancellationToken cancellationToken)
    {
        if (!await queries.CanCreateAsync(cancellationToken))
        {
            throw new ForbiddenException("You do not have permission to create contacts.");
        }
    }

    private RedirectToActionResult Saved(int id)
    {
        this.Flash(FlashKind.Success, "Contact saved.");
        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>The create form (no current record) or the edit form of <paramref name="current"/>.</summary>
    private async Task<ViewResult> FormAsync(ContactEditData? current, ContactEditModel form, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            var name = $"{current.FirstName} {current.LastName}".Trim();
            ViewData.SetPage($"Edit {name}", Trail(new Breadcrumb(name, $"{ListUrl}/{current.Id}"), new Breadcrumb("Edit")));
        }
        else
        {
            ViewData.SetPage("Create contact", Trail(new Breadcrumb("Create")));
        }

        // Only the stored owner joins the assignable users, never a posted id.
        return View("Edit", new ContactFormViewModel
        {
            Id = current?.Id,
            Form = form,
            Owners = await queries.OwnersAsync(current?.OwnerId, cancellationToken),
            Accounts = await lookups.AccountsAsync(null, cancellationToken),
            HasHiddenAccount = current is { AccountId: not null, AccountName: null },
        });
    }
}
