using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

public enum StepState
{
    Done = 0,
    Current = 1,
    Coming = 2,
}

public sealed record PanelStep(string Name, string Label, bool Final, StepState State);

public sealed record PanelTransition(string Name, string Label, string ButtonStyle, bool HasForm);

public sealed record PanelHistoryEntry(DateTime At, string Who, string Transition, string? From, string To, IReadOnlyList<(string Label, string Value)> Data);

/// <summary>One active workflow on a record's view page: its steps, what the user may run now, and the history.</summary>
public sealed record WorkflowPanel(
    string Workflow, string Label, string? CurrentStep, IReadOnlyList<PanelStep> Steps, IReadOnlyList<PanelTransition> Transitions, IReadOnlyList<PanelHistoryEntry> History);

public sealed record FormOption(string Value, string Label);

/// <summary>A field of a transition's form as the page shows it: prefilled, with its options when it has a fixed list.</summary>
public sealed record TransitionFormField(
    string Name, string Label, WorkflowFieldKind Kind, bool Required, string? Value, string? Currency, IReadOnlyList<FormOption>? Options, string FormField);

/// <summary>A transition's form for one record.</summary>
public sealed record TransitionForm(
    int OpportunityId, string OpportunityName, long Version, string Workflow, string WorkflowLabel, string Transition, string Label, string ButtonStyle,
    IReadOnlyList<TransitionFormField> Fields, IReadOnlyList<string> Currencies)
{
    /// <summary>The record's page (an opportunity's unless said otherwise); the transition posts to <c>{RecordPath}/workflows/...</c>.</summary>
    public string RecordPath { get; init; } = $"/opportunities/{OpportunityId}";

    /// <summary>The entity's label in the breadcrumb: Opportunities or Leads.</summary>
    public string EntityPlural { get; init; } = "Opportunities";
}

/// <summary>A record a workflow runs on, as panels and forms read it: its values by workflow field name.</summary>
/// <param name="Status">The status that implies a step for a record that has not started a workflow (leads; null for opportunities).</param>
internal sealed record WorkflowSubject(string Entity, int Id, string Name, long Version, DateTime CreatedAt, Func<string, object?> Current, int? AccountId, int? ContactId, string? Status = null);

/// <summary>What a card drop on the board means while workflows are active.</summary>
public sealed record DropPlan(string? Workflow, string? Transition, string? Refusal, TransitionForm? Form)
{
    /// <summary>No active workflow decides this drop: it is an ordinary status change.</summary>
    public static DropPlan Ordinary { get; } = new(null, null, null, null);
}

/// <summary>What the edit form shows of a field a workflow step restricts (by the form's field name).</summary>
public sealed record FieldLock(bool ReadOnly, IReadOnlyList<string> DisallowedValues, string Reason);

/// <summary>Reads what the view page and the board show of workflows, and the forms of transitions.</summary>
public sealed class WorkflowPanels(AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, WorkflowCatalogCache catalogs, Lookups lookups, Common.UserClock clock)
{
    public async Task<IReadOnlyList<WorkflowPanel>> ForOpportunityAsync(int opportunityId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await db.Opportunities.AsNoTracking().Permitted(db, access).FirstOrDefaultAsync(o => o.Id == opportunityId, cancellationToken)
            ?? throw new NotFoundException();
        var canEdit = await db.Opportunities.Permitted(db, access, PermissionAction.Edit).AnyAsync(o => o.Id == opportunityId, cancellationToken);
        return await PanelsAsync(Subject(opportunity), access, canEdit, cancellationToken);
    }

    /// <summary>The active lead workflows on a lead's view page (the Unqualified Sales Lead, spec §6).</summary>
    public async Task<IReadOnlyList<WorkflowPanel>> ForLeadAsync(int leadId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var lead = await db.Set<Lead>().AsNoTracking().Permitted(db, access).FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken)
            ?? throw new NotFoundException();
        var canEdit = await db.Set<Lead>().Permitted(db, access, PermissionAction.Edit).AnyAsync(l => l.Id == leadId, cancellationToken);
        return await PanelsAsync(LeadWorkflowRunner.Subject(lead), access, canEdit, cancellationToken);
    }

    private static WorkflowSubject Subject(Opportunity opportunity) => new(
        WorkflowEntities.Opportunity, opportunity.Id, opportunity.Name, opportunity.Version, opportunity.CreatedAt,
        field => WorkflowRunner.Current(opportunity, field), opportunity.AccountId, opportunity.ContactId);

    private async Task<IReadOnlyList<WorkflowPanel>> PanelsAsync(WorkflowSubject subject, UserAccess access, bool canEdit, CancellationToken cancellationToken)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var active = catalog.Active(subject.Entity);

        // History of every workflow the record went through, active or not (the page lists active ones).
        var items = await db.WorkflowItems.AsNoTracking()
            .Where(i => i.Entity == subject.Entity && i.EntityId == subject.Id)
            .ToDictionaryAsync(i => i.WorkflowName, i => i.Step, cancellationToken);
        var logs = active.Count == 0 ? [] : await (
                from log in db.WorkflowTransitionLogs.AsNoTracking()
                join user in db.Users on log.UserId equals user.Id
                where log.Entity == subject.Entity && log.EntityId == subject.Id
                orderby log.At descending, log.Id descending
                select new { log.WorkflowName, log.Transition, log.FromStep, log.ToStep, log.At, log.Data, user.FirstName, user.LastName, user.UserName })
            .Take(200)
            .ToListAsync(cancellationToken);

        var reasons = logs.Count == 0 ? [] : await db.CloseReasons.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Label, cancellationToken);
        var names = await RecordNamesAsync(logs.Select(l => l.Data), access, cancellationToken);
        var panels = new List<WorkflowPanel>();
        foreach (var workflow in active)
        {
            var definition = workflow.Definition!;
            var position = WorkflowCatalog.PositionOf(workflow, items.GetValueOrDefault(workflow.Name), subject.CreatedAt, subject.Status);
            var current = position.Step;
            var visited = logs.Where(l => l.WorkflowName == workflow.Name).SelectMany(l => new[] { l.FromStep, l.ToStep }).OfType<string>().ToHashSet();
            var currentOrder = definition.Step(current)?.Order;
            var steps = definition.OrderedSteps.Select(s => new PanelStep(
                s.Name, s.Label, s.Final,
                s.Name == current ? StepState.Current
                // A final step the record left (a reopened deal) is not done: the way goes on from the current step.
                : !s.Final && (visited.Contains(s.Name) || (currentOrder is int order && s.Order < order)) ? StepState.Done
                : StepState.Coming)).ToList();
            var transitions = canEdit
                ? definition.Available(position).Where(t => access.CanPerform(workflow.Name, t.Name))
                    .Select(t => new PanelTransition(t.Name, t.Label, t.ButtonStyle, t.Form.Count > 0)).ToList()
                : [];
            var history = logs.Where(l => l.WorkflowName == workflow.Name).Select(l => new PanelHistoryEntry(
                l.At,
                string.IsNullOrWhiteSpace(l.FirstName + l.LastName) ? l.UserName ?? "?" : $"{l.FirstName} {l.LastName}".Trim(),
                definition.Transition(l.Transition)?.Label ?? l.Transition,
                l.FromStep is null ? null : definition.Step(l.FromStep)?.Label ?? l.FromStep,
                definition.Step(l.ToStep)?.Label ?? l.ToStep,
                DescribeData(definition, l.Transition, l.Data, snapshot, reasons, names))).ToList();
            panels.Add(new WorkflowPanel(workflow.Name, definition.Label, current, steps, transitions, history));
        }

        return panels;
    }

    /// <summary>
    /// The fields the edit form shows read-only or with values left out, for an opportunity (null: a
    /// new one, in the start steps) — the same restrictions <c>Opportunity.Apply</c> enforces.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, FieldLock>> LocksAsync(int? opportunityId, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var restricting = catalog.Active(WorkflowEntities.Opportunity).Where(w => w.HasRestrictions).ToList();
        var locks = new Dictionary<string, FieldLock>(StringComparer.Ordinal);
        if (restricting.Count == 0)
        {
            return locks;
        }

        DateTime? createdAt = null;
        var items = new Dictionary<string, string>();
        if (opportunityId is int id)
        {
            createdAt = await db.Opportunities.AsNoTracking().Where(o => o.Id == id).Select(o => (DateTime?)o.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            items = await db.WorkflowItems.AsNoTracking()
                .Where(i => i.Entity == WorkflowEntities.Opportunity && i.EntityId == id)
                .ToDictionaryAsync(i => i.WorkflowName, i => i.Step, cancellationToken);
        }

        foreach (var workflow in restricting)
        {
            var definition = workflow.Definition!;
            if (definition.Step(WorkflowCatalog.PositionOf(workflow, items.GetValueOrDefault(workflow.Name), createdAt).Step) is not { } step)
            {
                continue;
            }

            foreach (var restriction in step.Restrictions)
            {
                var field = WorkflowEntities.Field(definition.Entity, restriction.Field)!;
                var reason = $"Step {step.Label} of the {definition.Label}";
                var previous = locks.GetValueOrDefault(field.FormField);
                locks[field.FormField] = new FieldLock(
                    restriction.ReadOnly || previous?.ReadOnly == true,
                    [.. previous?.DisallowedValues ?? [], .. restriction.DisallowedValues],
                    previous is null ? reason : $"{previous.Reason}; {reason}");
            }
        }

        return locks;
    }

    /// <summary>The form of a transition, prefilled for the record (<paramref name="posted"/> redisplays what the user sent).</summary>
    public async Task<TransitionForm> FormAsync(
        int opportunityId, string workflowName, string transitionName, IReadOnlyDictionary<string, string?>? posted = null, string? statusOverride = null,
        CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var workflow = catalog.Active(WorkflowEntities.Opportunity).FirstOrDefault(w => w.Name == workflowName) ?? throw new NotFoundException("That workflow is not active.");
        var definition = workflow.Definition!;
        var transition = definition.Transition(transitionName) ?? throw new NotFoundException($"The {definition.Label} has no transition '{transitionName}'.");
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await db.Opportunities.AsNoTracking().Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(o => o.Id == opportunityId, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, opportunityId, PermissionAction.Edit, cancellationToken);
        }

        WorkflowCatalog.EnsureMayPerform(access, workflowName, transition);
        return await BuildFormAsync(Subject(opportunity!), workflow, transition, posted, statusOverride, snapshot, cancellationToken);
    }

    /// <summary>The form of a lead workflow's transition, prefilled for the lead (<paramref name="posted"/> redisplays what the user sent).</summary>
    public async Task<TransitionForm> LeadFormAsync(
        int leadId, string workflowName, string transitionName, IReadOnlyDictionary<string, string?>? posted = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var workflow = catalog.Active(WorkflowEntities.Lead).FirstOrDefault(w => w.Name == workflowName) ?? throw new NotFoundException("That workflow is not active.");
        var definition = workflow.Definition!;
        var transition = definition.Transition(transitionName) ?? throw new NotFoundException($"The {definition.Label} has no transition '{transitionName}'.");
        var access = await accessControl.GetAsync(cancellationToken);
        var lead = await db.Set<Lead>().AsNoTracking().Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
        {
            await db.Set<Lead>().ThrowMissingOrForbiddenAsync(db, access, leadId, PermissionAction.Edit, cancellationToken);
        }

        WorkflowCatalog.EnsureMayPerform(access, workflowName, transition);

        var form = await BuildFormAsync(LeadWorkflowRunner.Subject(lead!), workflow, transition, posted, null, snapshot, cancellationToken);
        return form with { RecordPath = $"/leads/{leadId}", EntityPlural = "Leads" };
    }

    /// <summary>
    /// A card dropped on <paramref name="targetStatusId"/>: which transition of an active workflow leads
    /// there from the record's step (one that sets that status, else one whose form lets the user pick
    /// it), with its form prefilled for the target; a refusal when a workflow decides status changes and
    /// none leads there; <see cref="DropPlan.Ordinary"/> when no active workflow is about the status.
    /// </summary>
    public async Task<DropPlan> PlanDropAsync(int opportunityId, int targetStatusId, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var deciding = catalog.Active(WorkflowEntities.Opportunity)
            .Where(w => w.Definition!.Transitions.Any(t => t.Effects.Any(e => e.Field == "status") || t.Form.Any(f => f.Field == "status")))
            .ToList();
        if (deciding.Count == 0)
        {
            return DropPlan.Ordinary;
        }

        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await db.Opportunities.AsNoTracking().Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(o => o.Id == opportunityId, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, opportunityId, PermissionAction.Edit, cancellationToken);
        }

        var target = snapshot.StatusById(targetStatusId) ?? throw new Domain.DomainRuleException("That status does not exist.", "StatusId");
        var items = await db.WorkflowItems.AsNoTracking()
            .Where(i => i.Entity == WorkflowEntities.Opportunity && i.EntityId == opportunityId)
            .ToDictionaryAsync(i => i.WorkflowName, i => i.Step, cancellationToken);
        var refusals = new List<string>();
        foreach (var workflow in deciding)
        {
            var definition = workflow.Definition!;
            var position = WorkflowCatalog.PositionOf(workflow, items.GetValueOrDefault(workflow.Name), opportunity!.CreatedAt);
            var step = position.Step;
            var offered = definition.Available(position).ToList();
            var transition = offered.FirstOrDefault(t => t.Effects.Any(e => e.Field == "status" && e.Value == target.Code))
                ?? offered.FirstOrDefault(t => t.Effects.All(e => e.Field != "status") && t.Form.FirstOrDefault(f => f.Field == "status") is { } field
                    && (field.AllowedValues.Count == 0 || field.AllowedValues.Contains(target.Code)) && !field.DisallowedValues.Contains(target.Code));
            var where = step is null ? $"is not in the {definition.Label} yet" : $"is in step {definition.Step(step)!.Label} of the {definition.Label}";
            if (transition is null)
            {
                refusals.Add($"No transition leads to {target.Label}: the opportunity {where}.");
                continue;
            }

            if (!access.CanPerform(workflow.Name, transition.Name))
            {
                refusals.Add($"Moving to {target.Label} runs {transition.Label}, which your role may not perform.");
                continue;
            }

            return new DropPlan(workflow.Name, transition.Name, null, await BuildFormAsync(Subject(opportunity!), workflow, transition, null, target.Code, snapshot, cancellationToken));
        }

        return new DropPlan(null, null, string.Join(" ", refusals), null);
    }

    private async Task<TransitionForm> BuildFormAsync(
        WorkflowSubject subject, CatalogEntry workflow, WorkflowTransition transition, IReadOnlyDictionary<string, string?>? posted, string? statusOverride,
        ConfigurationSnapshot snapshot, CancellationToken cancellationToken)
    {
        var definition = workflow.Definition!;
        var today = (await clock.NowAsync(cancellationToken)).Today;
        var fields = new List<TransitionFormField>();
        foreach (var formField in transition.Form)
        {
            var field = WorkflowEntities.Field(definition.Entity, formField.Field)!;
            object? value = formField.Prefill switch
            {
                null or "current" => subject.Current(field.Name),
                "empty" => null,
                "today" => today,
                var prefill when prefill.StartsWith("field:", StringComparison.Ordinal) => subject.Current(prefill["field:".Length..]),
                var literal => literal,
            };
            if (field.Name == "status" && statusOverride is not null)
            {
                value = statusOverride;
            }

            var (text, currency) = value switch
            {
                null => (null, null),
                Domain.Money.Money money => (money.Amount.ToString("0.############", CultureInfo.InvariantCulture), money.Currency.Value),
                DateOnly date => (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null),
                IFormattable formattable => (formattable.ToString(null, CultureInfo.InvariantCulture), null),
                _ => (value.ToString(), null),
            };
            if (posted is not null)
            {
                text = posted.GetValueOrDefault(field.Name);
                currency = posted.GetValueOrDefault(field.Name + "Currency") ?? currency;
            }

            if (field.Kind == WorkflowFieldKind.Money)
            {
                currency ??= snapshot.BaseCurrency;
            }

            fields.Add(new TransitionFormField(
                field.Name, formField.Label ?? field.Label, field.Kind, formField.Required, text, currency,
                await OptionsAsync(field, formField, subject, snapshot, cancellationToken), field.FormField));
        }

        return new TransitionForm(
            subject.Id, subject.Name, subject.Version, workflow.Name, definition.Label, transition.Name, transition.Label, transition.ButtonStyle, fields,
            [snapshot.BaseCurrency, .. snapshot.AllowedCurrencies.Where(c => c != snapshot.BaseCurrency)]);
    }

    private async Task<IReadOnlyList<FormOption>?> OptionsAsync(WorkflowField field, TransitionField formField, WorkflowSubject subject, ConfigurationSnapshot snapshot, CancellationToken cancellationToken)
    {
        bool Offered(string code) =>
            (formField.AllowedValues.Count == 0 || formField.AllowedValues.Contains(code)) && !formField.DisallowedValues.Contains(code);
        switch (field.Kind)
        {
            case WorkflowFieldKind.Status:
                return snapshot.Statuses.Where(s => Offered(s.Code)).Select(s => new FormOption(s.Code, s.Label)).ToList();
            case WorkflowFieldKind.CloseReason:
                var reasons = await db.CloseReasons.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Label, cancellationToken);
                return new[] { CloseReason.WonCode, CloseReason.OutsoldCode, CloseReason.CancelledCode }
                    .Where(Offered).Select(c => new FormOption(c, reasons.GetValueOrDefault(c, c))).ToList();
            case WorkflowFieldKind.Record when field.Name == "contact":
                var contacts = await lookups.ContactsAsync(null, subject.AccountId, cancellationToken);
                var options = contacts.Select(c => new FormOption(c.Id.ToString(CultureInfo.InvariantCulture), c.Text)).ToList();
                if (subject.ContactId is int current && options.All(o => o.Value != current.ToString(CultureInfo.InvariantCulture))
                    && await lookups.ContactNameAsync(current, cancellationToken) is { } name)
                {
                    options.Insert(0, new FormOption(current.ToString(CultureInfo.InvariantCulture), name));
                }

                return options;
            case WorkflowFieldKind.Record when field.Name == "account":
                var accounts = (await lookups.AccountsAsync(null, cancellationToken)).Select(a => new FormOption(a.Id.ToString(CultureInfo.InvariantCulture), a.Text)).ToList();
                if (subject.AccountId is int account && accounts.All(o => o.Value != account.ToString(CultureInfo.InvariantCulture))
                    && await lookups.AccountNameAsync(account, cancellationToken) is { } accountName)
                {
                    accounts.Insert(0, new FormOption(account.ToString(CultureInfo.InvariantCulture), accountName));
                }

                return accounts;
            default:
                return null;
        }
    }

    /// <summary>A transition log's form values, by workflow field name (none when the stored data does not read).</summary>
    private static Dictionary<string, string?> LogValues(string data)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The names of the owners, accounts and contacts the logs' forms picked, by field and id; an account
    /// or contact the user may not see has no name here (the history shows it as hidden).
    /// </summary>
    private async Task<IReadOnlyDictionary<(string Field, int Id), string>> RecordNamesAsync(IEnumerable<string> data, UserAccess access, CancellationToken cancellationToken)
    {
        var ids = data.SelectMany(d => LogValues(d))
            .Where(v => v.Key is "owner" or "account" or "contact" && int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .GroupBy(v => v.Key, v => int.Parse(v.Value!, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Distinct().ToList());
        var names = new Dictionary<(string, int), string>();
        if (ids.TryGetValue("owner", out var owners))
        {
            foreach (var u in await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).Select(u => new { u.Id, u.FirstName, u.LastName, u.UserName }).ToListAsync(cancellationToken))
            {
                names[("owner", u.Id)] = Records.RecordOwners.DisplayName(u.FirstName, u.LastName, u.UserName);
            }
        }

        if (ids.TryGetValue("account", out var accounts))
        {
            foreach (var a in await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => accounts.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken))
            {
                names[("account", a.Id)] = a.Name;
            }
        }

        if (ids.TryGetValue("contact", out var contacts))
        {
            foreach (var c in await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => contacts.Contains(c.Id)).Select(c => new { c.Id, c.FirstName, c.LastName }).ToListAsync(cancellationToken))
            {
                names[("contact", c.Id)] = $"{c.FirstName} {c.LastName}".Trim();
            }
        }

        return names;
    }

    /// <summary>A log's form values as the page shows them: labels, names and amounts as everywhere else, never stored codes or ids.</summary>
    private static IReadOnlyList<(string Label, string Value)> DescribeData(
        WorkflowDefinition definition, string transitionName, string data, ConfigurationSnapshot snapshot, IReadOnlyDictionary<string, string> reasons,
        IReadOnlyDictionary<(string Field, int Id), string> names)
    {
        var transition = definition.Transition(transitionName);
        return LogValues(data).Where(v => !string.IsNullOrEmpty(v.Value)).Select(v =>
        {
            var field = WorkflowEntities.Field(definition.Entity, v.Key);
            var label = transition?.Form.FirstOrDefault(f => f.Field == v.Key)?.Label ?? field?.Label ?? v.Key;
            var shown = field?.Kind switch
            {
                WorkflowFieldKind.Status => snapshot.FindStatus(v.Value!)?.Label ?? v.Value!,
                WorkflowFieldKind.CloseReason => reasons.GetValueOrDefault(v.Value!, v.Value!),
                WorkflowFieldKind.Probability => v.Value + " %",
                WorkflowFieldKind.Money when v.Value!.Split(' ') is [var amount, var currency]
                    && decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) => MoneyFormat.Format(value, currency, snapshot),
                WorkflowFieldKind.Record when int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => names.GetValueOrDefault((v.Key, id), "(a record you cannot see)"),
                _ => v.Value!,
            };
            return (label, shown);
        }).ToList();
    }
}
