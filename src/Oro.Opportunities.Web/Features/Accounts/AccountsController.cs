using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using CustomerAccount = Oro.Opportunities.Domain.Customers.Account;
using Oro.Opportunities.Web.Features.Records;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Accounts;

/// <summary>Customers → Accounts (spec §9): grid, view page with the deal history, create, edit, delete.</summary>
[Route("accounts")]
public sealed class AccountsController(AccountQueries queries, AccountCommands commands, RecordQueries<CustomerAccount> records, ISystemConfiguration configuration)
    : RecordController<AccountEditModel, AccountEditData>
{
    public static readonly RecordPages PagesOf = new("Customers", "Accounts", "/accounts", "account");

    protected override RecordPages Pages => PagesOf;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AccountSearch search, CancellationToken cancellationToken)
    {
        var page = await queries.SearchAsync(search, cancellationToken);
        ViewData.SetPage("Accounts", new Breadcrumb("Customers"), new Breadcrumb("Accounts"));
        return View(new AccountsIndexViewModel
        {
            Page = page,
            Nav = GridNav.For(Pages.ListUrl, search.Q, page),
            CanCreate = await records.CanCreateAsync(cancellationToken),
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
        ViewData.SetPage(account.Name, Pages.Trail(new Breadcrumb(account.Name)));
        return View(new AccountDetailsViewModel { Account = account, Snapshot = await configuration.GetAsync(cancellationToken) });
    }

    protected override async Task<AccountEditModel> NewFormAsync(CancellationToken cancellationToken) =>
        new() { OwnerId = await records.CurrentUserIdAsync(cancellationToken) };

    protected override Task<bool> CanCreateAsync(CancellationToken cancellationToken) => records.CanCreateAsync(cancellationToken);

    protected override Task<AccountEditData> LoadForEditAsync(int id, CancellationToken cancellationToken) => queries.GetForEditAsync(id, cancellationToken);

    protected override AccountEditModel ToForm(AccountEditData current) => AccountEditModel.From(current);

    protected override (int Id, string Name) Identify(AccountEditData current) => (current.Id, current.Name);

    protected override async Task<int> CreateRecordAsync(AccountEditModel form, CancellationToken cancellationToken) =>
        (await commands.CreateAsync(form.ToInput(), cancellationToken)).Id;

    protected override Task UpdateRecordAsync(int id, AccountEditModel form, CancellationToken cancellationToken) =>
        commands.UpdateAsync(id, form.Version, form.ToInput(), cancellationToken);

    protected override Task DeleteRecordAsync(int id, CancellationToken cancellationToken) => commands.DeleteAsync(id, cancellationToken);

    // Only the stored owner joins the assignable users, never a posted id.
    protected override async Task<object> FormModelAsync(AccountEditData? current, AccountEditModel form, CancellationToken cancellationToken) =>
        new AccountFormViewModel { Id = current?.Id, Form = form, Owners = await records.OwnersAsync(current?.OwnerId, cancellationToken) };
}
