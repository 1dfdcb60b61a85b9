using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// A field's new value inside an <see cref="OpportunityChange"/>. The field itself being null means
/// "not part of this change"; a <c>FieldValue</c> holding null means "set it to empty".
/// </summary>
public readonly record struct FieldValue<T>(T Value)
{
    public static implicit operator FieldValue<T>(T value) => new(value);
}

/// <summary>
/// A change to an opportunity as a value: which fields change to what, absent fields unchanged
/// (spec §3, "one change pipeline" in the architecture guide). Every path — form, inline edit,
/// board drop, mass action, import, status deletion, later workflow transitions and the API —
/// builds one and hands it to <see cref="Opportunity.Apply"/>. A field whose new value equals the
/// value before the change counts as unchanged, so a path may send what it shows as it is.
/// </summary>
public sealed record OpportunityChange
{
    public FieldValue<string>? Name { get; init; }

    public FieldValue<int>? OwnerId { get; init; }

    public FieldValue<int>? AccountId { get; init; }

    public FieldValue<int?>? ContactId { get; init; }

    public FieldValue<StatusRef>? Status { get; init; }

    /// <summary>Empty means "follow the status": the status's default probability (spec §3.1).</summary>
    public FieldValue<int?>? Probability { get; init; }

    public FieldValue<MoneyValue?>? Budget { get; init; }

    /// <summary>Empty on a deal that is closing means today (spec §3.3).</summary>
    public FieldValue<DateOnly?>? CloseDate { get; init; }

    public FieldValue<MoneyValue?>? CloseRevenue { get; init; }

    public FieldValue<string?>? CloseReason { get; init; }

    public FieldValue<string?>? CustomerNeed { get; init; }

    public FieldValue<string?>? ProposedSolution { get; init; }

    public FieldValue<string?>? Notes { get; init; }

    public FieldValue<string?>? ExternalId { get; init; }

    /// <summary>The lead the opportunity came from (set by lead conversion and by import's "Lead Lead name").</summary>
    public FieldValue<int?>? LeadId { get; init; }
}

/// <summary>
/// What applying a change needs from outside the aggregate: the configured statuses, the rates with
/// their history (spec §7) and the clock. <paramref name="Now"/> is the moment (UTC) the change is
/// made; <paramref name="Today"/> is that moment's date in the time zone of the user the change is
/// made for (their own zone, else the system's), computed by the caller and never re-derived here:
/// closing without a close date uses it, so a user west of UTC closing a deal in the evening gets
/// their own date, not tomorrow's.
/// </summary>
public sealed record ChangeContext(Func<int, StatusRef?> StatusById, IRateSource Rates, DateTime Now, DateOnly Today)
{
    /// <summary>Field restrictions that hold for the records this context changes (workflow steps, spec §6); none when null.</summary>
    public IChangeRestrictions? Restrictions { get; init; }
}

/// <summary>
/// What a change would store, as field restrictions see it: the stored fields it changes (a new
/// record: every field it fills) and the values restrictions may forbid.
/// </summary>
/// <param name="OpportunityId">Null for a new record.</param>
/// <param name="CreatedAt">Null for a new record.</param>
public sealed record RestrictedChange(int? OpportunityId, DateTime? CreatedAt, IReadOnlySet<string> ChangedFields, StatusRef Status, string? CloseReasonCode);

/// <summary>
/// Refuses a change that a restriction forbids, with a <see cref="DomainRuleException"/> naming the
/// field. <see cref="Opportunity.Apply"/> asks it after every rule and before anything is assigned, so
/// a refused change leaves the record as it was.
/// </summary>
public interface IChangeRestrictions
{
    void Check(RestrictedChange change);
}
