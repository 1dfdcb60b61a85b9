using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Leads;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Features.Opportunities;
using Oro.Opportunities.Web.Features.Records;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Leads;

/// <summary>
/// Sales → Leads (spec §9): the grid with its views, filters and mass actions, the lead's page, create,
/// edit, delete, Disqualify / Reactivate and Convert to Opportunity. Every URL here answers 404 while
/// "Enable Lead" is off (the module's feature gate).
/// </summary>
[Route("leads")]
public sealed class LeadsController(
    LeadQueries queries,
    LeadCommands commands,
    RecordQueries<Lead> records,
    ISystemConfiguration configuration,
    AccessControl accessControl,
    SavedViews savedViews) : RecordController<LeadEditModel, LeadEditData>
{
    public static readonly RecordPages PagesOf = new("Sales", "Leads", "/leads", "lead");

    protected override RecordPages Pages => PagesOf;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] LeadSearch search, int? savedView, [FromServices] LeadActions actions, CancellationToken cancellationToken)
    {
        if (Request.Query.Count == 0 && await savedViews.DefaultAsync(LeadsModule.SavedViewsGrid, cancellationToken) is { } preferred)
        {
            if (SavedViews.ProblemOf(preferred) is not { } problem)
            {
                return Redirect(preferred.UrlUnder(Pages.ListUrl));
            }

            this.Flash(FlashKind.Warning, $"Your default view '{preferred.Name}' can no longer be opened: {problem} The grid shows Open Leads instead.");
        }

        foreach (var problem in LeadSearchRules.Sanitize(search))
        {
            ModelState.AddModelError(string.Empty, problem);
        }

        var page = await queries.SearchAsync(search, cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var views = await savedViews.ListAsync(LeadsModule.SavedViewsGrid, cancellationToken);
        var links = new GridLinks(Pages.ListUrl, Request.Query, page.Sort, page.Descending);
        ViewData.SetPage("Leads", new Breadcrumb(Pages.Section), new Breadcrumb(Pages.Title));
        return View(new LeadsIndexViewModel
        {
            Search = search,
            Page = page,
            Links = links,
            Snapshot = await configuration.GetAsync(cancellationToken),
            SavedViews = new SavedViewsMenu(Pages.ListUrl, views, views.FirstOrDefault(v => v.Id == savedView), links.QueryWithoutPage()),
            Owners = await records.OwnersAsync(null, cancellationToken),
            CanCreate = access.CanCreate(SecuredEntity.Lead),
            CanDelete = access.Level(SecuredEntity.Lead, PermissionAction.Delete) != AccessLevel.None,
            CanAssign = access.Level(SecuredEntity.Lead, PermissionAction.Assign) != AccessLevel.None,
            CanDisqualify = await actions.CanMassDisqualifyAsync(cancellationToken),
            CanImport = access.Has(Capability.Import),
            CanExport = access.Has(Capability.Export),
        });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var lead = await queries.GetDetailsAsync(id, cancellationToken);
        ViewData.SetPage(lead.Lead.Name, Pages.Trail(new Breadcrumb(lead.Lead.Name)));
        return View(new LeadDetailsViewModel { Lead = lead, Snapshot = await configuration.GetAsync(cancellationToken) });
    }

    [HttpPost("{id:int}/disqualify")]
    public Task<IActionResult> Disqualify(int id, [FromForm] long? version, CancellationToken cancellationToken) =>
        StatusChangeAsync(id, a => a.CanDisqualify, () => commands.DisqualifyAsync(id, version, cancellationToken), "Lead disqualified.", cancellationToken);

    [HttpPost("{id:int}/reactivate")]
    public Task<IActionResult> Reactivate(int id, [FromForm] long? version, CancellationToken cancellationToken) =>
        StatusChangeAsync(id, a => a.CanReactivate, () => commands.ReactivateAsync(id, version, cancellationToken), "Lead reactivated: it is New again.", cancellationToken);

    /// <summary>Convert to Opportunity: the opportunity form prefilled from the lead (spec §9).</summary>
    [HttpGet("{id:int}/convert")]
    public async Task<IActionResult> Convert(int id, [FromServices] LeadConversion conversion, [FromServices] Lookups lookups, CancellationToken cancellationToken)
    {
        if (await RefuseConversionAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        ConversionDraft draft;
        try
        {
            draft = await conversion.PrepareAsync(id, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            return BackToLead(id, ex.Message);
        }

        var input = draft.Opportunity;
        var form = new OpportunityEditModel
        {
            OwnerId = input.OwnerId,
            Name = input.Name,
            AccountId = input.AccountId,
            AccountName = draft.Account.Name,
            ContactId = draft.ContactId,
            ContactName = draft.ContactName,
            StatusId = input.StatusId,
            Probability = input.Probability,
            BudgetCurrency = input.BudgetCurrency,
            CloseRevenueCurrency = input.CloseRevenueCurrency,
            Notes = input.Notes,
        };
        PersonForm? contact = null;
        if (draft.NewContact is { } person)
        {
            contact = new PersonForm();
            contact.Fill(person);
        }

        return await ConvertPageAsync(id, draft.LeadName, draft.LeadVersion, form, contact, draft.Account.Source, lookups, cancellationToken);
    }

    [HttpPost("{id:int}/convert")]
    public async Task<IActionResult> Convert(
        int id,
        [CreatesRecord] OpportunityEditModel form,
        [Bind(Prefix = "NewContact")] PersonForm newContact,
        [FromForm] long leadVersion,
        [FromForm] bool hasNewContact,
        [FromForm] string? leadName,
        [FromServices] LeadConversion conversion,
        [FromServices] IValidator<OpportunityEditModel> opportunityValidator,
        [FromServices] Lookups lookups,
        CancellationToken cancellationToken)
    {
        if (await RefuseConversionAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var valid = await opportunityValidator.ValidateIntoAsync(form, ModelState, cancellationToken: cancellationToken);
        if (hasNewContact)
        {
            valid &= await new PersonFormValidator().ValidateIntoAsync(newContact, ModelState, "NewContact", cancellationToken);
            if (string.IsNullOrWhiteSpace(newContact.FirstName) && string.IsNullOrWhiteSpace(newContact.LastName))
            {
                ModelState.AddModelError("NewContact.LastName", "Enter the contact's first or last name.");
                valid = false;
            }
        }

        if (valid)
        {
            try
            {
                var input = form.ToInput() with { ContactId = hasNewContact ? null : form.ContactId, NewContactName = null };
                var result = await conversion.ConvertAsync(id, new ConversionInput(input, hasNewContact ? newContact.ToPerson() : null, leadVersion), cancellationToken);
                this.Flash(FlashKind.Success, "Lead converted: the opportunity is saved and the lead is qualified.");
                return Redirect($"/opportunities/{result.OpportunityId}");
            }
            catch (DomainRuleException ex) when (ex.Field is null && ex.Message == LeadConversion.AlreadyConvertedMessage)
            {
                return BackToLead(id, ex.Message);
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, ex.Field is { } field && PersonFields.Contains(field) ? "NewContact" : null);
            }
            catch (ConcurrencyConflictException ex)
            {
                return BackToLead(id, ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var account = form.AccountId is null ? ConversionAccountSource.New : ConversionAccountSource.Lead;
        return await ConvertPageAsync(id, leadName ?? Pages.Capitalized, leadVersion, form, hasNewContact ? newContact : null, account, lookups, cancellationToken);
    }

    [HttpPost("mass")]
    [RequestFormLimits(ValueCountLimit = MassActionLimits.FormValueCount)]
    public async Task<IActionResult> Mass([FromForm] string? action, [FromForm] List<int> ids, [FromForm] Dictionary<int, long> versions, [FromForm] int? ownerId, [FromForm] string? returnQuery, [FromServices] LeadActions actions, CancellationToken cancellationToken)
    {
        var back = Pages.ListUrl + (returnQuery is { Length: > 0 } q && q.StartsWith('?') ? q : string.Empty);
        if (ids.Count == 0 || ids.Count > MassActionLimits.MaxIds)
        {
            this.Flash(FlashKind.Warning, ids.Count == 0 ? "Select at least one lead first." : MassActionLimits.TooMany(ids.Count));
            return Redirect(back);
        }

        // Every id came with its version (VersionTokenFilter).
        var targets = ids.Distinct().ToDictionary(id => id, id => versions[id]);
        MassActionResult? result = action switch
        {
            "delete" => await commands.MassDeleteAsync(targets, cancellationToken),
            "assign" when ownerId is int owner => await commands.MassAssignOwnerAsync(targets, owner, cancellationToken),
            "disqualify" when await actions.CanMassDisqualifyAsync(cancellationToken) => await commands.MassDisqualifyAsync(targets, cancellationToken),
            _ => null,
        };
        if (result is null)
        {
            this.Flash(FlashKind.Warning, "Choose an action and its value.");
            return Redirect(back);
        }

        var verb = action switch { "delete" => "deleted", "assign" => "assigned", _ => "disqualified" };
        var text = $"{result.Succeeded} {(result.Succeeded == 1 ? "lead" : "leads")} {verb}.";
        if (result.Failures.Count > 0)
        {
            text += $" {result.Failures.Count} not changed: " + string.Join("; ", result.Failures.Take(5).Select(f => $"#{f.Id}: {f.Reason}")) + (result.Failures.Count > 5 ? "; …" : string.Empty);
        }

        this.Flash(result.Failures.Count == 0 ? FlashKind.Success : FlashKind.Warning, text);
        return Redirect(back);
    }

    [HttpPost("views")]
    [RequestFormLimits(ValueLengthLimit = SavedGridView.QueryMaxLength * 2)]
    public async Task<IActionResult> SaveView([FromForm] string name, [FromForm] string? query, CancellationToken cancellationToken)
    {
        // A refused name or query goes back to the grid with the message (DomainErrorsFilter).
        var view = await savedViews.SaveAsync(LeadsModule.SavedViewsGrid, name, query ?? string.Empty, cancellationToken);
        this.Flash(FlashKind.Success, $"View '{view.Name}' saved");
        return Redirect(view.UrlUnder(Pages.ListUrl));
    }

    [HttpPost("views/{id:int}/rename")]
    public async Task<IActionResult> RenameView(int id, [FromForm] string name, CancellationToken cancellationToken)
    {
        var view = await savedViews.RenameAsync(id, name, cancellationToken);
        this.Flash(FlashKind.Success, "View renamed");
        return Redirect(view.UrlUnder(Pages.ListUrl));
    }

    [HttpPost("views/{id:int}/delete")]
    public async Task<IActionResult> DeleteView(int id, CancellationToken cancellationToken)
    {
        await savedViews.DeleteAsync(id, cancellationToken);
        this.Flash(FlashKind.Success, "View deleted");
        return Redirect(Pages.ListUrl + "?view=open");
    }

    [HttpPost("views/default")]
    public async Task<IActionResult> DefaultView([FromForm] int? id, CancellationToken cancellationToken)
    {
        await savedViews.SetDefaultAsync(LeadsModule.SavedViewsGrid, id, cancellationToken);
        this.Flash(FlashKind.Success, id is null ? "The grid opens on Open Leads again" : "Default view set");
        return Redirect(id is null ? Pages.ListUrl + "?view=open" : Pages.ListUrl);
    }

    protected override async Task<LeadEditModel> NewFormAsync(CancellationToken cancellationToken) =>
        new() { OwnerId = await records.CurrentUserIdAsync(cancellationToken) };

    protected override Task<bool> CanCreateAsync(CancellationToken cancellationToken) => records.CanCreateAsync(cancellationToken);

    protected override Task<LeadEditData> LoadForEditAsync(int id, CancellationToken cancellationToken) => queries.GetForEditAsync(id, cancellationToken);

    protected override LeadEditModel ToForm(LeadEditData current) => LeadEditModel.From(current);

    protected override (int Id, string Name) Identify(LeadEditData current) => (current.Id, current.Lead.Name);

    protected override async Task<int> CreateRecordAsync(LeadEditModel form, CancellationToken cancellationToken) =>
        (await commands.CreateAsync(form.ToInput(), cancellationToken)).Id;

    protected override Task UpdateRecordAsync(int id, LeadEditModel form, CancellationToken cancellationToken) =>
        commands.UpdateAsync(id, form.Version, form.ToInput(), cancellationToken);

    protected override Task DeleteRecordAsync(int id, CancellationToken cancellationToken) => commands.DeleteAsync(id, cancellationToken: cancellationToken);

    // Only the stored owner joins the assignable users, never a posted id.
    protected override async Task<object> FormModelAsync(LeadEditData? current, LeadEditModel form, CancellationToken cancellationToken) =>
        new LeadFormViewModel
        {
            Id = current?.Id,
            Form = form,
            Owners = await records.OwnersAsync(current?.OwnerId, cancellationToken),
            Sources = (await configuration.GetAsync(cancellationToken)).LeadSources,
            Accounts = await HttpContext.RequestServices.GetRequiredService<Lookups>().AccountsAsync(null, cancellationToken),
        };

    private static readonly HashSet<string> PersonFields =
        ["NamePrefix", "FirstName", "MiddleName", "LastName", "NameSuffix", "JobTitle", "Emails", "Phones", "Addresses", "NewContact"];

    /// <summary>A status button: offered (the one question of <see cref="LeadActions"/>) and then done, or refused with the reason on the lead's page.</summary>
    private async Task<IActionResult> StatusChangeAsync(int id, Func<LeadActionSet, bool> offered, Func<Task<Lead>> change, string done, CancellationToken cancellationToken)
    {
        var actions = await queries.ActionsAsync(id, cancellationToken);
        if (!actions.CanEdit)
        {
            throw new ForbiddenException("You do not have permission to edit this lead.");
        }

        if (!offered(actions))
        {
            return BackToLead(id, "This action is not available for the lead as it is now.");
        }

        try
        {
            await change();
        }
        catch (Exception ex) when (ex is DomainRuleException or ConcurrencyConflictException)
        {
            return BackToLead(id, ex.Message);
        }

        this.Flash(FlashKind.Success, done);
        return Redirect($"{Pages.ListUrl}/{id}");
    }

    /// <summary>404 for a hidden lead, 403 without the right to edit it; a lead that is not convertible goes back to its page with the reason.</summary>
    private async Task<IActionResult?> RefuseConversionAsync(int id, CancellationToken cancellationToken)
    {
        var actions = await queries.ActionsAsync(id, cancellationToken);
        if (!actions.CanEdit)
        {
            throw new ForbiddenException("You do not have permission to edit this lead.");
        }

        return actions.CanConvert ? null : BackToLead(id, "This lead cannot be converted to an opportunity as it is now (it may already have one).");
    }

    private RedirectResult BackToLead(int id, string message)
    {
        this.Flash(FlashKind.Warning, message);
        return Redirect($"{Pages.ListUrl}/{id}");
    }

    private async Task<ViewResult> ConvertPageAsync(
        int id, string leadName, long leadVersion, OpportunityEditModel form, PersonForm? contact, ConversionAccountSource account, Lookups lookups, CancellationToken cancellationToken)
    {
        ViewData.SetPage($"Convert {leadName} to an opportunity", Pages.Trail(new Breadcrumb(leadName, $"{Pages.ListUrl}/{id}"), new Breadcrumb("Convert to Opportunity")));
        return View("Convert", new LeadConvertViewModel
        {
            LeadId = id,
            LeadName = leadName,
            LeadVersion = leadVersion,
            Opportunity = new OpportunityFormViewModel
            {
                Form = form,
                Configuration = await configuration.GetAsync(cancellationToken),
                Owners = await lookups.OwnersAsync(null, cancellationToken),
                IsNew = true,
            },
            NewContact = contact,
            AccountSource = account,
        });
    }
}
