using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>A transition's form was refused: every field's message, by workflow field name.</summary>
public sealed class TransitionFormException(IReadOnlyList<TransitionFormError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<TransitionFormError> Errors => errors;
}

public sealed record TransitionFormError(string? Field, string Message);

/// <summary>What a run transition did.</summary>
public sealed record TransitionResult(Opportunity Opportunity, long? Revision, string Workflow, string? FromStep, string ToStep, string TransitionLabel, string ToStepLabel);

/// <summary>
/// Runs a workflow transition on an opportunity (spec §6): checks the step, the user's Perform grant,
/// the form and the conditions, then applies the form's fields and the effects as ONE change through
/// <see cref="OpportunityCommands.ApplyAsync(int, long?, OpportunityChange, ChangeOrigin, Func{Task}?, CancellationToken)"/> —
/// the same rules, permissions, concurrency token, audit and board totals as every other path — and
/// moves the step and writes the history in the same transaction.
/// </summary>
public sealed class WorkflowRunner(
    AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, WorkflowCatalogCache catalogs, OpportunityCommands commands, Common.UserClock clock)
{
    /// <param name="version">The opportunity's concurrency token the user's form was built with (null: the current one).</param>
    /// <param name="form">The form's values by workflow field name (a money field's currency under "<c>{field}Currency</c>");
    /// a field sent empty is set empty, a field not sent stays as it is.</param>
    /// <param name="board">The board's filter when the transition runs from a card drop (its totals follow).</param>
    public async Task<TransitionResult> RunAsync(
        int opportunityId, string workflowName, string transitionName, long? version, IReadOnlyDictionary<string, string?> form,
        OpportunitySearch? board = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var workflow = catalog.Active(WorkflowEntities.Opportunity).FirstOrDefault(w => w.Name == workflowName)
            ?? throw new NotFoundException("That workflow is not active.");
        var definition = workflow.Definition!;
        var transition = definition.Transition(transitionName) ?? throw new NotFoundException($"The {definition.Label} has no transition '{transitionName}'.");

        var access = await accessControl.GetAsync(cancellationToken);

        // The step is read before the record: the step row and the record are saved together, so a
        // transition that commits between the two reads shows as a newer version below (a conflict),
        // never as a stale record in a newer step ("not available in step Won").
        var item = await db.WorkflowItems.FirstOrDefaultAsync(
            i => i.Entity == WorkflowEntities.Opportunity && i.EntityId == opportunityId && i.WorkflowName == workflowName, cancellationToken);
        var opportunity = await db.Opportunities.Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(o => o.Id == opportunityId, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, opportunityId, PermissionAction.Edit, cancellationToken);
        }

        // A form built from an older version is a conflict before anything else (the step may have moved with it).
        if (version is long expected && opportunity!.Version != expected)
        {
            throw new ConcurrencyConflictException();
        }

        var position = WorkflowCatalog.PositionOf(workflow, item?.Step, opportunity!.CreatedAt);
        var step = position.Step;
        if (!definition.Available(position).Contains(transition))
        {
            throw new DomainRuleException(step is null
                ? $"{transition.Label} is not available: the opportunity is not in the {definition.Label} yet."
                : $"{transition.Label} is not available in step {definition.Step(step)!.Label} of the {definition.Label}.");
        }

        WorkflowCatalog.EnsureMayPerform(access, workflowName, transition);

        var time = await clock.NowAsync(cancellationToken);
        var now = time.UtcNow;
        var change = BuildChange(definition, transition, form, opportunity, snapshot, time.Today);

        // The step and the history go into the same save as the opportunity's change.
        var data = JsonSerializer.Serialize(transition.Form.ToDictionary(
            f => f.Field, f => FormText(form, f.Field, WorkflowEntities.Field(definition.Entity, f.Field)!)));
        Task Track()
        {
            if (item is null)
            {
                db.WorkflowItems.Add(new WorkflowItem(workflowName, WorkflowEntities.Opportunity, opportunityId, transition.To, now));
            }
            else
            {
                item.MoveTo(transition.To, now);
            }

            db.WorkflowTransitionLogs.Add(new WorkflowTransitionLog(workflowName, WorkflowEntities.Opportunity, opportunityId, transition.Name, step, transition.To, access.UserId, now, data));
            return Task.CompletedTask;
        }

        try
        {
            var result = await commands.ApplyAsync(opportunityId, version, change, ChangeOrigin.Transition(workflowName, transition.Name, board), Track, cancellationToken);
            return new TransitionResult(result.Opportunity, result.Revision, workflowName, step, transition.To, transition.Label, definition.Step(transition.To)!.Label);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two starts at once: the second insert of the record's step breaks the unique index.
            throw new ConcurrencyConflictException(ConcurrencyConflictException.OpportunityMessage, ex);
        }
    }

    /// <summary>The form's fields and the effects as one change; every form error at once (<see cref="TransitionFormException"/>).</summary>
    public static OpportunityChange BuildChange(
        WorkflowDefinition definition, WorkflowTransition transition, IReadOnlyDictionary<string, string?> form, Opportunity opportunity,
        ConfigurationSnapshot snapshot, DateOnly today)
    {
        var change = new OpportunityChange();
        foreach (var (name, value) in BuildValues(definition, transition, form, field => Current(opportunity, field), snapshot, today))
        {
            change = With(change, name, value);
        }

        return change;
    }

    /// <summary>
    /// The values a transition sets, by workflow field name, whatever the entity: the form's fields
    /// (checked: required, allowed values, the field's kind) and the effects, after the conditions held
    /// on the record's values (<paramref name="current"/>) with the form's over them. Every form error at
    /// once, then every failed condition at once (<see cref="TransitionFormException"/>).
    /// </summary>
    public static Dictionary<string, object?> BuildValues(
        WorkflowDefinition definition, WorkflowTransition transition, IReadOnlyDictionary<string, string?> form, Func<string, object?> current,
        ConfigurationSnapshot snapshot, DateOnly today)
    {
        var errors = new List<TransitionFormError>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var formField in transition.Form)
        {
            var field = WorkflowEntities.Field(definition.Entity, formField.Field)!;
            var text = FormText(form, formField.Field, field);
            var label = formField.Label ?? field.Label;
            try
            {
                var value = Parse(field, text, form.GetValueOrDefault(formField.Field + "Currency"), snapshot);
                var code = CodeOf(value);
                if (value is null && formField.Required)
                {
                    errors.Add(new(formField.Field, $"{label} is required."));
                }
                else if (!form.ContainsKey(formField.Field))
                {
                    // Not sent at all (an API client naming only what it changes): the field stays as it is.
                    continue;
                }
                else if (code is not null && formField.AllowedValues.Count > 0 && !formField.AllowedValues.Contains(code))
                {
                    errors.Add(new(formField.Field, $"{label} must be one of: {string.Join(", ", formField.AllowedValues.Select(v => Display(field, v, snapshot)))}."));
                }
                else if (code is not null && formField.DisallowedValues.Contains(code))
                {
                    errors.Add(new(formField.Field, $"{label} cannot be {Display(field, code, snapshot)} in {transition.Label}."));
                }

                values[formField.Field] = value;
            }
            catch (DomainRuleException ex)
            {
                errors.Add(new(formField.Field, ex.Message));
            }
        }

        if (errors.Count > 0)
        {
            throw new TransitionFormException(errors);
        }

        foreach (var condition in transition.Conditions)
        {
            object? ValueOf(string name) => values.TryGetValue(name, out var value) ? value : current(name);
            var holds = condition.Kind switch
            {
                "notEmpty" => condition.Fields.All(f => !IsEmpty(ValueOf(f))),
                "empty" => condition.Fields.All(f => IsEmpty(ValueOf(f))),
                "anyNotEmpty" => condition.Fields.Any(f => !IsEmpty(ValueOf(f))),
                "in" => condition.Values.Contains(CodeOf(ValueOf(condition.Fields[0])) ?? string.Empty),
                "notIn" => !condition.Values.Contains(CodeOf(ValueOf(condition.Fields[0])) ?? string.Empty),
                _ => false,
            };
            if (!holds)
            {
                errors.Add(new(condition.Fields.Count == 1 ? condition.Fields[0] : null, condition.Message));
            }
        }

        if (errors.Count > 0)
        {
            throw new TransitionFormException(errors);
        }

        foreach (var effect in transition.Effects)
        {
            if (effect.Field is null)
            {
                // A named action: the entity's runner carries it out.
                continue;
            }

            var field = WorkflowEntities.Field(definition.Entity, effect.Field)!;
            values[effect.Field] = effect.Value switch
            {
                null => null,
                "today" when field.Kind == WorkflowFieldKind.Date => today,
                var literal => Parse(field, literal, null, snapshot),
            };
        }

        return values;
    }

    /// <summary>The field's text as posted; a money field's amount.</summary>
    public static string? FormText(IReadOnlyDictionary<string, string?> form, string name, WorkflowField field)
    {
        var text = form.GetValueOrDefault(name)?.Trim();
        return string.IsNullOrEmpty(text) ? null : field.Kind == WorkflowFieldKind.Money && form.GetValueOrDefault(name + "Currency") is { Length: > 0 } currency ? $"{text} {currency.Trim()}" : text;
    }

    /// <summary>Parses a form or definition value for a field; null = empty.</summary>
    public static object? Parse(WorkflowField field, string? text, string? currency, ConfigurationSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        switch (field.Kind)
        {
            case WorkflowFieldKind.Status:
                return snapshot.FindStatus(value) is { } status ? status.ToRef()
                    : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var statusId) && snapshot.StatusById(statusId) is { } byId ? byId
                    : throw new DomainRuleException("That status does not exist.", field.FormField);
            case WorkflowFieldKind.Probability:
                var probability = InlineValues.ParseProbability(value);
                return probability is < 0 or > 100 ? throw new DomainRuleException("The probability is a whole percent from 0 to 100.", field.FormField) : probability;
            case WorkflowFieldKind.Money:
                // "1250.50" or "1250.50 EUR" (the form's amount and currency, or a definition's literal in the base currency).
                var parts = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return snapshot.Money(InlineValues.ParseAmount(parts[0], field.FormField), currency ?? (parts.Length > 1 ? parts[1] : null), field.FormField);
            case WorkflowFieldKind.Date:
                try
                {
                    return InlineValues.ParseDate(value);
                }
                catch (DomainRuleException)
                {
                    throw new DomainRuleException("Enter a date as YYYY-MM-DD.", field.FormField);
                }

            case WorkflowFieldKind.CloseReason:
                var code = value.ToLowerInvariant();
                return WorkflowValues.Describe(field, code) is { } problem ? throw new DomainRuleException(problem, field.FormField) : code;
            case WorkflowFieldKind.Record:
                return InlineValues.ParseId(value, field.FormField);
            default:
                return value;
        }
    }

    /// <summary>The record's value of a workflow field (for conditions and prefills).</summary>
    public static object? Current(Opportunity opportunity, string field) => field switch
    {
        "name" => opportunity.Name,
        "owner" => opportunity.OwnerId,
        "account" => opportunity.AccountId,
        "contact" => opportunity.ContactId,
        "status" => opportunity.StatusCode,
        "probability" => opportunity.Probability,
        "budget" => opportunity.Budget,
        "closeDate" => opportunity.CloseDate,
        "closeRevenue" => opportunity.CloseRevenue,
        "closeReason" => opportunity.CloseReasonCode,
        "customerNeed" => opportunity.CustomerNeed,
        "proposedSolution" => opportunity.ProposedSolution,
        "additionalComments" => opportunity.Notes,
        _ => null,
    };

    private static OpportunityChange With(OpportunityChange change, string field, object? value) => field switch
    {
        "name" => change with { Name = (string?)value ?? string.Empty },
        "owner" => change with { OwnerId = (int?)value ?? throw new DomainRuleException("Choose an active user as owner.", "OwnerId") },
        "account" => change with { AccountId = (int?)value ?? throw new DomainRuleException("Choose an account.", "AccountId") },
        "contact" => change with { ContactId = new((int?)value) },
        "status" => value is StatusRef status ? change with { Status = status } : throw new DomainRuleException("Choose a status.", "StatusId"),
        "probability" => change with { Probability = new((int?)value) },
        "budget" => change with { Budget = new((Domain.Money.Money?)value) },
        "closeDate" => change with { CloseDate = new((DateOnly?)value) },
        "closeRevenue" => change with { CloseRevenue = new((Domain.Money.Money?)value) },
        "closeReason" => change with { CloseReason = new((string?)value) },
        "customerNeed" => change with { CustomerNeed = new((string?)value) },
        "proposedSolution" => change with { ProposedSolution = new((string?)value) },
        "additionalComments" => change with { Notes = new((string?)value) },
        _ => change,
    };

    private static bool IsEmpty(object? value) => value is null || (value is string text && string.IsNullOrWhiteSpace(text));

    private static string? CodeOf(object? value) => value switch
    {
        null => null,
        StatusRef status => status.Code,
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Display(WorkflowField field, string code, ConfigurationSnapshot snapshot) =>
        field.Kind == WorkflowFieldKind.Status ? snapshot.FindStatus(code)?.Label ?? code : code;
}
