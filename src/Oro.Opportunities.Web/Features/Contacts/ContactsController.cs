using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Web.Features.Records;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Contacts;

/// <summary>Customers → Contacts (spec §9): grid, view page, create, edit, delete.</summary>
[Route("contacts")]
public sealed class ContactsController(ContactQueries queries, ContactCommands commands, RecordQueries<Contact> records, Lookups lookups)
    : RecordController<ContactEditModel, ContactEditData>
{
    public static readonly RecordPages PagesOf = new("Customers", "Contacts", "/contacts", "contact");

    protected override RecordPages Pages => PagesOf;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ContactSearch search, CancellationToken cancellationToken)
    {
        var page = await queries.SearchAsync(search, cancellationToken);
        ViewData.SetPage("Contacts", new Breadcrumb("Customers"), new Breadcrumb("Contacts"));
        return View(new ContactsIndexViewModel
        {
            Page = page,
            Nav = GridNav.For(Pages.ListUrl, search.Q, page),
            CanCreate = await records.CanCreateAsync(cancellationToken),
        });
    }

    /// <summary>The contact picker's search (the lead form): contacts the user may see, at most 20.</summary>
    [HttpGet("lookup")]
    public async Task<IActionResult> Lookup(string? term, CancellationToken cancellationToken) =>
        Json(await lookups.ContactsAsync(term, null, cancellationToken));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] ISystemConfiguration configuration, CancellationToken cancellationToken)
    {
        var contact = await queries.GetDetailsAsync(id, cancellationToken);
        ViewData.SetPage(contact.Name, Pages.Trail(new Breadcrumb(contact.Name)));
        return View(new ContactDetailsViewModel { Contact = contact, Snapshot = await configuration.GetAsync(cancellationToken) });
    }

    /// <summary>The empty form; <c>?accountId=</c> (from an account page) preselects the account.</summary>
    protected override async Task<ContactEditModel> NewFormAsync(CancellationToken cancellationToken)
    {
        var form = new ContactEditModel { OwnerId = await records.CurrentUserIdAsync(cancellationToken) };
        if (int.TryParse(Request.Query["accountId"], NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            && await queries.AccountNameAsync(accountId, cancellationToken) is { } name)
        {
            form.AccountId = accountId;
            form.AccountName = name;
        }

        return form;
    }

    protected override Task<bool> CanCreateAsync(CancellationToken cancellationToken) => records.CanCreateAsync(cancellationToken);

    protected override Task<ContactEditData> LoadForEditAsync(int id, CancellationToken cancellationToken) => queries.GetForEditAsync(id, cancellationToken);

    protected override ContactEditModel ToForm(ContactEditData current) => ContactEditModel.From(current);

    protected override (int Id, string Name) Identify(ContactEditData current) => (current.Id, current.Person.FullName);

    protected override async Task<int> CreateRecordAsync(ContactEditModel form, CancellationToken cancellationToken) =>
        (await commands.CreateAsync(form.ToInput(), cancellationToken)).Id;

    protected override Task UpdateRecordAsync(int id, ContactEditModel form, CancellationToken cancellationToken) =>
        commands.UpdateAsync(id, form.Version, form.ToInput(), cancellationToken);

    protected override Task DeleteRecordAsync(int id, CancellationToken cancellationToken) => commands.DeleteAsync(id, cancellationToken);

    // Only the stored owner joins the assignable users, never a posted id.
    protected override async Task<object> FormModelAsync(ContactEditData? current, ContactEditModel form, CancellationToken cancellationToken) =>
        new ContactFormViewModel
        {
            Id = current?.Id,
            Form = form,
            Owners = await records.OwnersAsync(current?.OwnerId, cancellationToken),
            Accounts = await lookups.AccountsAsync(null, cancellationToken),
            HasHiddenAccount = current is { AccountId: not null, AccountName: null },
        };
}
