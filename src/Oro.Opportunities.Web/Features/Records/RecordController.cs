using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Records;

/// <summary>A record's form as posted (fields prefixed <c>Form.</c>): it carries the concurrency token it was built with.</summary>
public interface IRecordForm
{
    long Version { get; }
}

/// <summary>Where a kind of record lives in the menu and how the pages name it.</summary>
/// <param name="Section">The menu section ("Customers", "Sales").</param>
/// <param name="Title">The grid's title and breadcrumb ("Accounts").</param>
/// <param name="ListUrl">The grid's address ("/accounts").</param>
/// <param name="Noun">One record, in a sentence ("account").</param>
public sealed record RecordPages(string Section, string Title, string ListUrl, string Noun)
{
    public Breadcrumb[] Trail(params Breadcrumb[] rest) => [new Breadcrumb(Section), new Breadcrumb(Title, ListUrl), .. rest];

    public string Capitalized => char.ToUpperInvariant(Noun[0]) + Noun[1..];
}

/// <summary>
/// The create / edit / delete pages every owned record shares (accounts, contacts, leads): the create
/// form for users who may create, the edit form that answers 404 for a hidden record and 403 for a
/// read-only one before it says anything about the input, rules shown beside their fields, a conflict
/// that shows the stored values with their token, and delete with its refusal on the record's page.
/// A feature's controller says what its form and view model are; its views are <c>Edit</c> and <c>Details</c>.
/// </summary>
public abstract class RecordController<TForm, TEditData> : Controller
    where TForm : class, IRecordForm
    where TEditData : class
{
    protected abstract RecordPages Pages { get; }

    [HttpGet("create")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        return await FormAsync(null, await NewFormAsync(cancellationToken), cancellationToken);
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] TForm form, [FromServices] IValidator<TForm> validator, CancellationToken cancellationToken)
    {
        await EnsureCanCreateAsync(cancellationToken);
        if (await validator.ValidateIntoAsync(form, ModelState, "Form", cancellationToken))
        {
            try
            {
                return Saved(await CreateRecordAsync(form, cancellationToken));
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
        var current = await LoadForEditAsync(id, cancellationToken);
        return await FormAsync(current, ToForm(current), cancellationToken);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] TForm form, [FromServices] IValidator<TForm> validator, CancellationToken cancellationToken)
    {
        // Hidden or read-only records answer 404 / 403 before anything about the input is said.
        var current = await LoadForEditAsync(id, cancellationToken);
        if (await validator.ValidateIntoAsync(form, ModelState, "Form", cancellationToken))
        {
            try
            {
                await UpdateRecordAsync(id, form, cancellationToken);
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
                var fresh = await LoadForEditAsync(id, cancellationToken);
                return await FormAsync(fresh, ToForm(fresh), cancellationToken);
            }
        }

        return await FormAsync(current, form, cancellationToken);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        try
        {
            await DeleteRecordAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is DomainRuleException or ConcurrencyConflictException)
        {
            this.Flash(FlashKind.Danger, ex.Message);
            return RedirectToAction("Details", new { id });
        }

        this.Flash(FlashKind.Success, $"{Pages.Capitalized} deleted.");
        return Redirect(Pages.ListUrl);
    }

    /// <summary>The empty form (the user as owner, and whatever the query string preselects).</summary>
    protected abstract Task<TForm> NewFormAsync(CancellationToken cancellationToken);

    protected abstract Task<bool> CanCreateAsync(CancellationToken cancellationToken);

    /// <summary>The record as the edit form starts from it: 404 when hidden, 403 when read-only.</summary>
    protected abstract Task<TEditData> LoadForEditAsync(int id, CancellationToken cancellationToken);

    protected abstract TForm ToForm(TEditData current);

    protected abstract (int Id, string Name) Identify(TEditData current);

    /// <summary>Creates the record; returns its id.</summary>
    protected abstract Task<int> CreateRecordAsync(TForm form, CancellationToken cancellationToken);

    protected abstract Task UpdateRecordAsync(int id, TForm form, CancellationToken cancellationToken);

    protected abstract Task DeleteRecordAsync(int id, CancellationToken cancellationToken);

    /// <summary>The Edit view's model for the create form (no current record) or the edit form of <paramref name="current"/>.</summary>
    protected abstract Task<object> FormModelAsync(TEditData? current, TForm form, CancellationToken cancellationToken);

    protected async Task EnsureCanCreateAsync(CancellationToken cancellationToken)
    {
        if (!await CanCreateAsync(cancellationToken))
        {
            throw new ForbiddenException($"You do not have permission to create {Pages.Title.ToLowerInvariant()}.");
        }
    }

    protected RedirectToActionResult Saved(int id)
    {
        this.Flash(FlashKind.Success, $"{Pages.Capitalized} saved.");
        return RedirectToAction("Details", new { id });
    }

    private async Task<ViewResult> FormAsync(TEditData? current, TForm form, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            var (id, name) = Identify(current);
            ViewData.SetPage($"Edit {name}", Pages.Trail(new Breadcrumb(name, $"{Pages.ListUrl}/{id}"), new Breadcrumb("Edit")));
        }
        else
        {
            ViewData.SetPage($"Create {Pages.Noun}", Pages.Trail(new Breadcrumb("Create")));
        }

        return View("Edit", await FormModelAsync(current, form, cancellationToken));
    }
}
