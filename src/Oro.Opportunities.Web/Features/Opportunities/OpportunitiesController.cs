using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Opportunities;

/// <summary>Sales → Opportunities: the grid, create / edit / view and delete (spec §4).</summary>
[Route("opportunities")]
public sealed class OpportunitiesController(
    OpportunityGridQuery gridQuery,
    OpportunityCommands commands,
    ISystemConfiguration configuration,
    AccessControl accessControl,
    Lookups lookups,
    SavedViews savedViews,
    IValidator<OpportunityEditModel> validator) : Controller, IRedisplaysForm, IConflictDetails
{
    private const string Section = "Sales";

    [HttpGet("")]
    [ShowsFilterProblems]
    public async Task<IActionResult> Index(OpportunitySearch search, string? cols, int? savedView, CancellationToken cancellationToken)
    {
        if (Request.Query.Count == 0 && await savedViews.DefaultAsync(SavedViews.OpportunitiesGrid, cancellationToken) is { } preferred)
        {
            if (SavedViews.ProblemOf(preferred) is not { } problem)
            {
                return Redirect(preferred.UrlUnder("/opportunities"));
            }

            this.Flash(FlashKind.Warning, $"Your default view '{preferred.Name}' can no longer be opened: {problem} The grid shows Open Opportunities instead; save the view again or choose another default.");
        }

        var access = await accessControl.GetAsync(cancellationToken);
        var page = await gridQuery.RunAsync(search, cancellationToken);
        var query = Request.Query.Where(q => q.Key is not ("page" or "savedView" or "after" or "before"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        ViewData.SetPage("Opportunities", new Breadcrumb(Section), new Breadcrumb("Opportunities"));
        return View(new OpportunityGridViewModel
        {
            Search = search,
            Page = page,
            Configuration = await configuration.GetAsync(cancellationToken),
            VisibleColumns = OpportunityGridColumns.Parse(cols),
            SavedViews = await savedViews.ListAsync(SavedViews.OpportunitiesGrid, cancellationToken),
            Owners = await lookups.OwnersAsync(null, cancellationToken),
            Teams = await lookups.TeamsAsync(cancellationToken),
            CanCreate = access.CanCreate(SecuredEntity.Opportunity),
            CanEdit = access.Level(SecuredEntity.Opportunity, PermissionAction.Edit) != AccessLevel.None,
            CanDelete = access.Level(SecuredEntity.Opportunity, PermissionAction.Delete) != AccessLevel.None,
            CanAssign = access.Level(SecuredEntity.Opportunity, PermissionAction.Assign) != AccessLevel.None,
            ActiveSavedViewId = savedView,
            QueryWithoutPage = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(string.Empty, query),
        });
    }

    [HttpGet("create")]
    public async Task<IActionResult> Create(int? accountId, CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Opportunity))
        {
            return Forbid();
        }

        var snapshot = await configuration.GetAsync(cancellationToken);
        var status = snapshot.DefaultStatus();
        var form = new OpportunityEditModel
        {
            OwnerId = access.UserId,
            StatusId = status.Id,
            Probability = status.DefaultProbability,
            BudgetCurrency = snapshot.BaseCurrency,
            CloseRevenueCurrency = snapshot.BaseCurrency,
        };
        if (accountId is int id && await lookups.AccountNameAsync(id, cancellationToken) is { } name)
        {
            form.AccountId = id;
            form.AccountName = name;
        }

        return await FormAsync(form, isNew: true, cancellationToken: cancellationToken);
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(OpportunityEditModel form, string? submit, CancellationToken cancellationToken)
    {
        if (!await validator.ValidateIntoAsync(form, ModelState, cancellationToken: cancellationToken))
        {
            return await FormAsync(form, isNew: true, cancellationToken: cancellationToken);
        }

        var created = await commands.CreateAsync(form.ToInput(), cancellationToken);
        this.Flash(FlashKind.Success, "Opportunity saved");
        return AfterSave(created.Id, submit);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] OpportunityDetailsQuery detailsQuery, CancellationToken cancellationToken)
    {
        var details = await detailsQuery.GetAsync(id, cancellationToken);
        ViewData.SetPage(details.Item.Name, new Breadcrumb(Section), new Breadcrumb("Opportunities", "/opportunities"), new Breadcrumb(details.Item.Name));
        ViewData["Configuration"] = await configuration.GetAsync(cancellationToken);
        return View(details);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [FromServices] OpportunityDetailsQuery detailsQuery, CancellationToken cancellationToken)
    {
        var details = await detailsQuery.GetAsync(id, cancellationToken);
        if (!details.CanEdit)
        {
            return Forbid();
        }

        return await FormAsync(ToForm(details), isNew: false, cancellationToken: cancellationToken);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, OpportunityEditModel form, string? submit, [FromServices] OpportunityDetailsQuery detailsQuery, CancellationToken cancellationToken)
    {
        form.Id = id;
        if (!await validator.ValidateIntoAsync(form, ModelState, cancellationToken: cancellationToken))
        {
            return await FormAsync(form, isNew: false, cancellationToken: cancellationToken);
        }

        await commands.UpdateAsync(id, form.Version, form.ToInput(), cancellationToken);
        this.Flash(FlashKind.Success, "Opportunity saved");
        return AfterSave(id, submit);
    }

    /// <summary>A refused create or edit shows the form again; a conflict shows what is stored now (nothing was overwritten).</summary>
    async Task<IActionResult?> IRedisplaysForm.RedisplayAsync(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context, Exception refusal)
    {
        if (!context.ActionArguments.TryGetValue("form", out var bound) || bound is not OpportunityEditModel form)
        {
            return null;
        }

        var cancellationToken = HttpContext.RequestAborted;
        if (refusal is ConcurrencyConflictException && form.Id is int id)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, refusal.Message);
            var current = await HttpContext.RequestServices.GetRequiredService<OpportunityDetailsQuery>().GetAsync(id, cancellationToken);
            return await FormAsync(ToForm(current), isNew: false, conflict: true, cancellationToken: cancellationToken);
        }

        return await FormAsync(form, isNew: form.Id is null, cancellationToken: cancellationToken);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        await commands.DeleteAsync(id, cancellationToken: cancellationToken);
        this.Flash(FlashKind.Success, "Opportunity deleted");
        return Redirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/opportunities");
    }

    /// <summary>
    /// Changes the status through the rules of spec §3 and answers with the updated row. The grid's
    /// inline status edit and the Kanban board both use this endpoint.
    /// </summary>
    [HttpPost("{id:int}/status")]
    [JsonEndpoint]
    public async Task<IActionResult> ChangeStatus(
        int id, [FromForm] StatusChangeForm form, [FromServices] Application.Board.BoardQuery boardQuery, [FromServices] PartialRenderer renderer, CancellationToken cancellationToken)
    {
        var search = form.Board is null ? null : await BoardSearchAsync(form.Board);
        return await JsonResultAsync(
            async () =>
            {
                if (form is { Workflow: { } workflow, Transition: { } transition })
                {
                    var ran = await HttpContext.RequestServices.GetRequiredService<Application.Workflows.WorkflowRunner>()
                        .RunAsync(id, workflow, transition, form.Version, form.Fields, search, cancellationToken);
                    return new ChangeResult(ran.Opportunity, ran.Revision);
                }

                var snapshot = await configuration.GetAsync(cancellationToken);
                var change = new OpportunityChange
                {
                    Status = snapshot.StatusById(form.StatusId) ?? throw new DomainRuleException("That status does not exist.", "StatusId"),
                    CloseDate = form.CloseDate is null ? null : new(form.CloseDate),
                    CloseRevenue = form.CloseRevenue is null ? null : new(snapshot.Money(form.CloseRevenue, form.CloseRevenueCurrency, "CloseRevenueAmount")),
                    CloseReason = string.IsNullOrWhiteSpace(form.CloseReason) ? null : new(form.CloseReason),
                };
                return await commands.ApplyAsync(id, form.Version, change, search is null ? ChangeOrigin.Inline : ChangeOrigin.BoardDrop(search), cancellationToken);
            },
            search is null ? null : (item, row, revision) => BoardAnswerAsync(item, row, revision, form, search, boardQuery, renderer, cancellationToken));
    }

    private async Task<OpportunitySearch> BoardSearchAsync(string board)
    {
        var search = new OpportunitySearch();
        await TryUpdateModelAsync(search, string.Empty, new Microsoft.AspNetCore.Mvc.ModelBinding.QueryStringValueProvider(
            Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query,
            new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(board)),
            CultureInfo.InvariantCulture));
        search.View ??= "all";
        return search;
    }

    /// <summary>For the board: the card's markup and the fresh totals of the columns it left and entered.</summary>
    private async Task<object> BoardAnswerAsync(
        OpportunityListItem item, OpportunityRowJson row, long? revision, StatusChangeForm form, OpportunitySearch search, Application.Board.BoardQuery boardQuery, PartialRenderer renderer, CancellationToken cancellationToken)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var card = await renderer.RenderAsync(ControllerContext, "/Features/Board/_Card.cshtml", new Board.BoardCardModel(
            item, Board.BoardCardOptions.For(access, snapshot, boardQuery, search, form.Board ?? string.Empty)));
        var statuses = new[] { row.StatusId, form.FromStatusId ?? row.StatusId }.Distinct().ToList();
        var totals = await boardQuery.TotalsAfterMoveAsync(search, revision, statuses, cancellationToken);
        return new
        {
            row,
            cardHtml = card,
            totals = totals.Values.Select(t => Board.ColumnTotalsJson.From(t, snapshot)),
        };
    }

    /// <summary>Inline edit of one cell of the grid; answers with the updated row or the reason it was refused.</summary>
    [HttpPost("{id:int}/inline")]
    [JsonEndpoint]
    public Task<IActionResult> Inline(int id, [FromForm] long version, [FromForm] string field, [FromForm] string? value, [FromForm] string? currency, CancellationToken cancellationToken) =>
        JsonResultAsync(() => commands.UpdateFieldAsync(id, version, field, value, currency, cancellationToken));

    [HttpPost("mass")]
    [RequestFormLimits(ValueCountLimit = MassActionLimits.FormValueCount)]
    public async Task<IActionResult> Mass([FromForm] string action, [FromForm] List<int> ids, [FromForm] Dictionary<int, long> versions, [FromForm] int? ownerId, [FromForm] int? statusId, [FromForm] DateOnly? closeDate, [FromForm] string? closeReason, [FromForm] string? returnQuery, CancellationToken cancellationToken)
    {
        var back = "/opportunities" + (returnQuery is { Length: > 0 } q && q.StartsWith('?') ? q : string.Empty);
        if (ids.Count == 0)
        {
            this.Flash(FlashKind.Warning, "Select at least one opportunity first.");
            return Redirect(back);
        }

        if (ids.Count > MassActionLimits.MaxIds)
        {
            this.Flash(FlashKind.Warning, MassActionLimits.TooMany(ids.Count));
            return Redirect(back);
        }

        // Every id came with its version (VersionTokenFilter).
        var targets = ids.Distinct().ToDictionary(id => id, id => versions[id]);
        MassActionResult result;
        switch (action)
        {
            case "delete":
                result = await commands.MassDeleteAsync(targets, cancellationToken);
                break;
            case "assign" when ownerId is int owner:
                result = await commands.MassAssignOwnerAsync(targets, owner, cancellationToken);
                break;
            case "status" when statusId is int status:
                result = await commands.MassChangeStatusAsync(targets, status, closeDate, closeReason, cancellationToken);
                break;
            default:
                this.Flash(FlashKind.Warning, "Choose an action and its value.");
                return Redirect(back);
        }

        var verb = action switch { "delete" => "deleted", "assign" => "assigned", _ => "updated" };
        this.Flash(result.Failures.Count == 0 ? FlashKind.Success : FlashKind.Warning, MassMessage(result, verb));
        return Redirect(back);
    }

    [HttpGet("lookup/accounts")]
    [JsonEndpoint]
    public async Task<IActionResult> LookupAccounts(string? q, CancellationToken cancellationToken) =>
        Json(await lookups.AccountsAsync(q, cancellationToken));

    [HttpGet("lookup/contacts")]
    [JsonEndpoint]
    public async Task<IActionResult> LookupContacts(string? q, int? accountId, CancellationToken cancellationToken) =>
        Json(await lookups.ContactsAsync(q, accountId, cancellationToken));

    [HttpPost("views")]
    [RequestFormLimits(ValueLengthLimit = SavedGridView.QueryMaxLength * 2)]
    public async Task<IActionResult> SaveView([FromForm] string name, [FromForm] string? query, CancellationToken cancellationToken)
    {
        // A refused name or query goes back to the grid with the message (DomainErrorsFilter).
        var view = await savedViews.SaveAsync(SavedViews.OpportunitiesGrid, name, query ?? string.Empty, cancellationToken);
        this.Flash(FlashKind.Success, $"View '{view.Name}' saved");
        return Redirect(view.UrlUnder("/opportunities"));
    }

    [HttpPost("views/{id:int}/rename")]
    public async Task<IActionResult> RenameView(int id, [FromForm] string name, CancellationToken cancellationToken)
    {
        var view = await savedViews.RenameAsync(id, name, cancellationToken);
        this.Flash(FlashKind.Success, "View renamed");
        return Redirect(view.UrlUnder("/opportunities"));
    }

    [HttpPost("views/{id:int}/delete")]
    public async Task<IActionResult> DeleteView(int id, CancellationToken cancellationToken)
    {
        await savedViews.DeleteAsync(id, cancellationToken);
        this.Flash(FlashKind.Success, "View deleted");
        return Redirect("/opportunities?view=open");
    }

    [HttpPost("views/default")]
    public async Task<IActionResult> DefaultView([FromForm] int? id, CancellationToken cancellationToken)
    {
        await savedViews.SetDefaultAsync(SavedViews.OpportunitiesGrid, id, cancellationToken);
        this.Flash(FlashKind.Success, id is null ? "The grid opens on Open Opportunities again" : "Default view set");
        return Redirect(id is null ? "/opportunities?view=open" : "/opportunities");
    }

    public static string MassMessage(MassActionResult result, string verb)
    {
        var text = $"{result.Succeeded} {(result.Succeeded == 1 ? "opportunity" : "opportunities")} {verb}.";
        if (result.Failures.Count > 0)
        {
            text += $" {result.Failures.Count} not changed: " + string.Join("; ", result.Failures.Take(5).Select(f => $"#{f.Id}: {f.Reason}")) + (result.Failures.Count > 5 ? "; …" : string.Empty);
        }

        return text;
    }

    private IActionResult AfterSave(int id, string? submit) => submit switch
    {
        "new" => Redirect("/opportunities/create"),
        "stay" => Redirect($"/opportunities/{id}/edit"),
        _ => Redirect($"/opportunities/{id}"),
    };

    private static OpportunityEditModel ToForm(OpportunityDetails details) => new()
    {
        Id = details.Item.Id,
        Version = details.Item.Version,
        OwnerId = details.Item.OwnerId,
        Name = details.Item.Name,
        AccountId = details.Item.AccountId,
        AccountName = details.Item.AccountName,
        ContactId = details.Item.ContactId,
        ContactName = details.Item.ContactName,
        StatusId = details.Item.StatusId,
        Probability = details.Item.Probability,
        BudgetAmount = details.Item.BudgetAmount,
        BudgetCurrency = details.Item.BudgetCurrency,
        CloseDate = details.Item.CloseDate,
        CloseRevenueAmount = details.Item.CloseRevenueAmount,
        CloseRevenueCurrency = details.Item.CloseRevenueCurrency,
        CloseReasonCode = details.Item.CloseReasonCode,
        CustomerNeed = details.CustomerNeed,
        ProposedSolution = details.ProposedSolution,
        Notes = details.Notes,
    };

    private async Task<IActionResult> FormAsync(OpportunityEditModel form, bool isNew, bool conflict = false, CancellationToken cancellationToken = default)
    {
        var title = isNew ? "Create Opportunity" : "Edit " + form.Name;
        ViewData.SetPage(title, new Breadcrumb(Section), new Breadcrumb("Opportunities", "/opportunities"), new Breadcrumb(isNew ? "Create" : form.Name));
        var model = new OpportunityFormViewModel
        {
            Form = form,
            Configuration = await configuration.GetAsync(cancellationToken),
            Owners = await lookups.OwnersAsync(null, cancellationToken),
            IsNew = isNew,
            Conflict = conflict,
            Locks = await HttpContext.RequestServices.GetRequiredService<Application.Workflows.WorkflowPanels>().LocksAsync(form.Id, cancellationToken),
        };
        if (conflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("Edit", model);
    }

    /// <summary>The updated row (and for the board its card and column totals); refusals are answered by <see cref="DomainErrorsFilter"/>.</summary>
    private async Task<IActionResult> JsonResultAsync(Func<Task<ChangeResult>> action, Func<OpportunityListItem, OpportunityRowJson, long?, Task<object>>? extend = null)
    {
        var result = await action();
        var (item, row) = await RowAsync(result.Opportunity.Id);
        return item is not null && extend is not null ? Json(await extend(item, row!, result.Revision)) : Json(row);
    }

    /// <summary>A stale inline edit or card move gets the record as stored now, and for the board its card and totals.</summary>
    async Task<IDictionary<string, object?>> IConflictDetails.ConflictDetailsAsync(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context)
    {
        var id = (int)context.ActionArguments["id"]!;
        var (item, current) = await RowAsync(id);
        object? board = null;
        if (item is not null && context.ActionArguments.TryGetValue("form", out var bound) && bound is StatusChangeForm { Board: { } boardQuery } form)
        {
            var services = HttpContext.RequestServices;
            board = await BoardAnswerAsync(
                item, current!, null, form, await BoardSearchAsync(boardQuery), services.GetRequiredService<Application.Board.BoardQuery>(), services.GetRequiredService<PartialRenderer>(), HttpContext.RequestAborted);
        }

        return new Dictionary<string, object?> { ["current"] = current, ["board"] = board };
    }

    /// <summary>The row as the grid shows it: raw values for the editors and display text for each cell.</summary>
    private async Task<(OpportunityListItem? Item, OpportunityRowJson? Row)> RowAsync(int id)
    {
        var item = await gridQuery.RowAsync(id, HttpContext.RequestAborted);
        if (item is null)
        {
            return (null, null);
        }

        var snapshot = await configuration.GetAsync(HttpContext.RequestAborted);
        var zone = await HttpContext.RequestServices.GetRequiredService<Application.Common.UserClock>().ZoneAsync(HttpContext.RequestAborted);
        return (item, OpportunityRowJson.From(item, snapshot, zone));
    }
}
