namespace Oro.Opportunities.Domain.Workflows;

/// <summary>
/// A workflow definition as data (spec §6, ADR-0014): steps a record moves through, the transitions
/// between them with their forms, conditions and effects, and what each step restricts. It is read
/// from a YAML or JSON document by <c>WorkflowDefinitionReader</c>, which validates it first; an
/// instance of this type is therefore always consistent (every step a transition names exists, every
/// field is one the entity has).
/// </summary>
public sealed record WorkflowDefinition(
    string Name,
    string Label,
    string Entity,
    IReadOnlyList<string> ExclusiveGroups,
    string? StartStep,
    IReadOnlyList<WorkflowStep> Steps,
    IReadOnlyList<WorkflowTransition> Transitions)
{
    /// <summary>
    /// The step a record that has not started the workflow is governed by, by the record's status (the
    /// lead flow: new → New, qualified → Qualified, disqualified → Cancelled); a status not listed means
    /// the start step (spec §6).
    /// </summary>
    public IReadOnlyDictionary<string, string> StatusSteps { get; init; } = new Dictionary<string, string>();

    public WorkflowStep? Step(string? name) => name is null ? null : Steps.FirstOrDefault(s => s.Name == name);

    public WorkflowTransition? Transition(string name) => Transitions.FirstOrDefault(t => t.Name == name);

    /// <summary>The transitions offered in <paramref name="step"/>; null = the record is not in this workflow (start transitions).</summary>
    public IEnumerable<WorkflowTransition> TransitionsFrom(string? step) =>
        Transitions.Where(t => step is null ? t.IsStart : t.From.Contains(step));

    /// <summary>
    /// The transitions offered at <paramref name="position"/>: those of its step, and for a record that has
    /// not started the workflow also the start transitions (Start sets the step explicitly).
    /// </summary>
    public IEnumerable<WorkflowTransition> Available(WorkflowPosition position) =>
        position.Started ? TransitionsFrom(position.Step) : TransitionsFrom(position.Step).Union(TransitionsFrom(null));

    public IEnumerable<WorkflowStep> OrderedSteps => Steps.OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal);
}

/// <summary>
/// Where a record stands in a workflow: the step that governs it (null: none — a workflow without a
/// start step) and whether it started the workflow (a stored step, or made while the workflow was
/// active) or is only governed as if it were in that step (made before the activation, spec §6).
/// </summary>
public sealed record WorkflowPosition(string? Step, bool Started);

/// <summary>A step; a final step ends the record's way through the workflow (it may still be reopened by a transition).</summary>
public sealed record WorkflowStep(string Name, string Label, int Order, bool Final, IReadOnlyList<FieldRestriction> Restrictions);

/// <summary>While a record is in the step, <see cref="Field"/> is read-only and/or may not take the listed values.</summary>
public sealed record FieldRestriction(string Field, bool ReadOnly, IReadOnlyList<string> DisallowedValues);

/// <summary>
/// A transition: from one of <see cref="From"/> (none = a start transition, offered to records not in
/// the workflow) to <see cref="To"/>. Running it checks the role, the conditions and the form, then
/// applies the form's fields and the effects as one change.
/// </summary>
public sealed record WorkflowTransition(
    string Name,
    string Label,
    IReadOnlyList<string> From,
    string To,
    string ButtonStyle,
    IReadOnlyList<TransitionField> Form,
    IReadOnlyList<TransitionCondition> Conditions,
    IReadOnlyList<TransitionEffect> Effects,
    IReadOnlyList<string>? Roles)
{
    public bool IsStart => From.Count == 0;

    /// <summary>The named action an effect runs, if any (at most one per transition).</summary>
    public string? Action => Effects.FirstOrDefault(e => e.Action is not null)?.Action;
}

/// <summary>
/// A field of a transition's form: a field of the entity, with its own label. <see cref="Prefill"/> is
/// what the form shows first: <c>current</c> (the record's value, the default), <c>today</c>,
/// <c>empty</c>, <c>field:&lt;name&gt;</c> (another field's value, e.g. the budget for the close
/// revenue) or a literal value (a status code).
/// </summary>
public sealed record TransitionField(
    string Field,
    string? Label,
    bool Required,
    IReadOnlyList<string> AllowedValues,
    IReadOnlyList<string> DisallowedValues,
    string? Prefill);

/// <summary>
/// A condition checked before the transition runs, on the record's values with the form's values
/// over them. Kinds: <c>notEmpty</c> / <c>empty</c> (every field of <see cref="Fields"/>),
/// <c>anyNotEmpty</c> (at least one), <c>in</c> / <c>notIn</c> (the field's value among
/// <see cref="Values"/>).
/// </summary>
public sealed record TransitionCondition(string Kind, IReadOnlyList<string> Fields, IReadOnlyList<string> Values, string Message);

/// <summary>
/// An effect: <see cref="Field"/> takes <see cref="Value"/> (a literal, <c>null</c> to clear it, or <c>today</c> for a
/// date), or — with <see cref="Action"/> instead of a field — a named action of the entity runs
/// (<see cref="WorkflowEntities.ActionsOf"/>, e.g. <c>convertLead</c>).
/// </summary>
public sealed record TransitionEffect(string? Field, string? Value, string? Action = null);
