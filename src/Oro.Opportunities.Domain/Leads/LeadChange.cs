using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.Domain.Leads;

/// <summary>
/// A change to a lead as a value: which fields change to what, absent fields unchanged (a
/// <see cref="FieldValue{T}"/> holding null clears the field). Every path — the form, mass actions,
/// import, conversion, the lead workflow's transitions and demo seeding — builds one and hands it to
/// <see cref="Lead.Apply"/> (or <see cref="Lead.Create"/>), which checks every field before it
/// assigns any. A field whose new value equals the stored one counts as unchanged.
/// </summary>
public sealed record LeadChange
{
    /// <summary>The lead's title; required when creating.</summary>
    public FieldValue<string>? Name { get; init; }

    /// <summary>The person's name parts.</summary>
    public FieldValue<PersonName>? PersonName { get; init; }

    public FieldValue<string?>? JobTitle { get; init; }

    /// <summary>The e-mails as entered (checked: format, duplicates, one primary); an <see cref="EmailList"/> may be passed as it is.</summary>
    public FieldValue<IReadOnlyList<EmailAddress>>? Emails { get; init; }

    public FieldValue<IReadOnlyList<PhoneNumber>>? Phones { get; init; }

    public FieldValue<IReadOnlyList<PostalAddress>>? Addresses { get; init; }

    public FieldValue<string?>? CompanyName { get; init; }

    public FieldValue<string?>? Website { get; init; }

    public FieldValue<int?>? NumberOfEmployees { get; init; }

    public FieldValue<string?>? Industry { get; init; }

    /// <summary>A code of the configured source list; the caller checks it is one (the list is configuration).</summary>
    public FieldValue<string?>? SourceCode { get; init; }

    public FieldValue<string?>? Notes { get; init; }

    public FieldValue<string?>? Twitter { get; init; }

    public FieldValue<string?>? LinkedIn { get; init; }

    /// <summary>An account the caller has resolved and may link.</summary>
    public FieldValue<int?>? AccountId { get; init; }

    /// <summary>A contact the caller has resolved and may link.</summary>
    public FieldValue<int?>? ContactId { get; init; }

    /// <summary>How the status moves; null keeps it.</summary>
    public LeadStatusChange? Status { get; init; }
}

/// <summary>The kinds of status move of spec §9.</summary>
public enum LeadStatusMove
{
    /// <summary>Converted: to Qualified, unless the lead already is.</summary>
    Qualify,

    /// <summary>New → Disqualified.</summary>
    Disqualify,

    /// <summary>Disqualified → New.</summary>
    Reactivate,

    /// <summary>A status as a file states it (import): any of the three, by code or label.</summary>
    Stated,
}

/// <summary>A status move inside a <see cref="LeadChange"/>; <see cref="Stated"/> is the text of a <see cref="LeadStatusMove.Stated"/> move.</summary>
public sealed record LeadStatusChange(LeadStatusMove Move, string? Stated = null)
{
    public static LeadStatusChange Qualify { get; } = new(LeadStatusMove.Qualify);

    public static LeadStatusChange Disqualify { get; } = new(LeadStatusMove.Disqualify);

    public static LeadStatusChange Reactivate { get; } = new(LeadStatusMove.Reactivate);

    /// <summary>Any status, by code or label (import); text that is no status is refused when applied.</summary>
    public static LeadStatusChange As(string status) => new(LeadStatusMove.Stated, status);
}
