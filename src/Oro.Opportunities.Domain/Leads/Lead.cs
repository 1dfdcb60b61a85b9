using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Domain.Leads;

/// <summary>
/// A sales lead (spec §9): a deal's title, the person behind it (name parts, job title, e-mails,
/// phones, addresses), their company, and where it came from. A lead is worked from New to Qualified
/// (converted to an opportunity) or Disqualified; a disqualified lead can be reactivated.
/// </summary>
[SecuredRecord(SecuredEntity.Lead, "lead")]
[Audited("Lead")]
public sealed class Lead : PersonRecord
{
    public const int NameMaxLength = 255;
    public const int CompanyMaxLength = 255;
    public const int WebsiteMaxLength = 255;
    public const int IndustryMaxLength = 100;
    public const int SocialMaxLength = 255;
    public const int SourceMaxLength = 32;
    public const int NotesMaxLength = 20_000;
    public const int MaxEmployees = 10_000_000;

    private Lead()
    {
        Name = string.Empty;
        StatusCode = LeadStatus.New;
    }

    private Lead(int ownerId, DateTime now)
        : base(ownerId, now)
    {
        Name = string.Empty;
        StatusCode = LeadStatus.New;
    }

    /// <summary>The lead's title, e.g. "Nordlicht Solar — fleet tracking"; the opportunity a conversion creates starts with it.</summary>
    public string Name { get; private set; }

    public string? CompanyName { get; private set; }

    public int? AccountId { get; private set; }

    public int? ContactId { get; private set; }

    public string? Website { get; private set; }

    public int? NumberOfEmployees { get; private set; }

    public string? Industry { get; private set; }

    /// <summary>A code of the configured source list (System Configuration → Lead).</summary>
    public string? SourceCode { get; private set; }

    /// <summary><see cref="LeadStatus.New"/>, <see cref="LeadStatus.Qualified"/> or <see cref="LeadStatus.Disqualified"/>.</summary>
    public string StatusCode { get; private set; }

    public string? Notes { get; private set; }

    public string? Twitter { get; private set; }

    public string? LinkedIn { get; private set; }

    /// <summary>Creates a lead owned by <paramref name="ownerId"/> from a change that names at least its name; the status starts New.</summary>
    public static Lead Create(LeadChange change, int ownerId, DateTime now)
    {
        var lead = new Lead(ownerId, now);
        lead.ApplyCore(change, isNew: true);
        return lead;
    }

    /// <summary>
    /// Applies a change (spec §9, "one change pipeline" in the architecture guide): every field present
    /// is checked first — name, person, company and origin, the lists, the status move — and only when
    /// all pass is anything assigned; a refused change (a <see cref="DomainRuleException"/> naming the
    /// field) leaves the lead exactly as it was. Returns whether anything changed. The caller moves the
    /// update time and the concurrency token (<see cref="OwnedRecord.Touch"/>).
    /// </summary>
    public bool Apply(LeadChange change) => ApplyCore(change, isNew: false);

    private bool ApplyCore(LeadChange change, bool isNew)
    {
        // Check everything; nothing is assigned before the last check passed.
        var name = Changed(change.Name, Name, isNew, out var newName) ? ValidName(newName) : isNew ? ValidName(null) : Name;
        var person = Changed(change.PersonName, NameParts, isNew, out var newPerson) ? CheckedName(newPerson ?? PersonName.Of(null, null)) : NameParts;
        var jobTitle = Changed(change.JobTitle, JobTitle, isNew, out var newJobTitle) ? CheckedJobTitle(newJobTitle) : JobTitle;
        var emails = ChangedList(change.Emails, Emails, out var newEmails) ? EmailList.Of(newEmails) : Emails;
        var phones = ChangedList(change.Phones, Phones, out var newPhones) ? PhoneList.Of(newPhones) : Phones;
        var addresses = ChangedList(change.Addresses, Addresses, out var newAddresses) ? AddressList.Of(newAddresses) : Addresses;
        var company = Changed(change.CompanyName, CompanyName, isNew, out var newCompany) ? Optional(newCompany, CompanyMaxLength, nameof(CompanyName), "company name") : CompanyName;
        var website = Changed(change.Website, Website, isNew, out var newWebsite) ? Optional(newWebsite, WebsiteMaxLength, nameof(Website), "website") : Website;
        var employees = Changed(change.NumberOfEmployees, NumberOfEmployees, isNew, out var newEmployees) ? ValidEmployees(newEmployees) : NumberOfEmployees;
        var industry = Changed(change.Industry, Industry, isNew, out var newIndustry) ? Optional(newIndustry, IndustryMaxLength, nameof(Industry), "industry") : Industry;
        var source = Changed(change.SourceCode, SourceCode, isNew, out var newSource) ? Optional(newSource, SourceMaxLength, nameof(SourceCode), "source") : SourceCode;
        var notes = Changed(change.Notes, Notes, isNew, out var newNotes) ? Optional(newNotes, NotesMaxLength, nameof(Notes), "additional comments") : Notes;
        var twitter = Changed(change.Twitter, Twitter, isNew, out var newTwitter) ? Optional(newTwitter, SocialMaxLength, nameof(Twitter), "Twitter handle") : Twitter;
        var linkedIn = Changed(change.LinkedIn, LinkedIn, isNew, out var newLinkedIn) ? Optional(newLinkedIn, SocialMaxLength, nameof(LinkedIn), "LinkedIn address") : LinkedIn;
        var accountId = Changed(change.AccountId, AccountId, isNew, out var newAccount) ? newAccount : AccountId;
        var contactId = Changed(change.ContactId, ContactId, isNew, out var newContact) ? newContact : ContactId;
        var status = change.Status is { } move ? NextStatus(move) : StatusCode;

        var changed = isNew
            || name != Name || person != NameParts || jobTitle != JobTitle || !Equals(emails, Emails) || !Equals(phones, Phones) || !Equals(addresses, Addresses)
            || company != CompanyName || website != Website || employees != NumberOfEmployees || industry != Industry || source != SourceCode
            || notes != Notes || twitter != Twitter || linkedIn != LinkedIn || accountId != AccountId || contactId != ContactId || status != StatusCode;

        // Nothing refused: apply it all.
        Name = name;
        AssignName(person);
        AssignJobTitle(jobTitle);
        AssignContactPoints(emails, phones, addresses);
        CompanyName = company;
        Website = website;
        NumberOfEmployees = employees;
        Industry = industry;
        SourceCode = source;
        Notes = notes;
        Twitter = twitter;
        LinkedIn = linkedIn;
        AccountId = accountId;
        ContactId = contactId;
        StatusCode = status;
        return changed;
    }

    /// <summary>
    /// The status a move leads to (spec §9): Qualify from New or Disqualified (a qualified lead is not
    /// converted again), Disqualify from New only, Reactivate from Disqualified only; a status stated
    /// by a file may be any of the three.
    /// </summary>
    private string NextStatus(LeadStatusChange move) => move.Move switch
    {
        LeadStatusMove.Qualify => StatusCode != LeadStatus.Qualified
            ? LeadStatus.Qualified
            : throw new DomainRuleException("This lead is already qualified.", nameof(StatusCode)),
        LeadStatusMove.Disqualify => StatusCode == LeadStatus.New
            ? LeadStatus.Disqualified
            : throw new DomainRuleException($"Only a new lead can be disqualified; this one is {LeadStatus.Label(StatusCode)}.", nameof(StatusCode)),
        LeadStatusMove.Reactivate => StatusCode == LeadStatus.Disqualified
            ? LeadStatus.New
            : throw new DomainRuleException($"Only a disqualified lead can be reactivated; this one is {LeadStatus.Label(StatusCode)}.", nameof(StatusCode)),
        _ => LeadStatus.Parse(move.Stated)
            ?? throw new DomainRuleException($"\"{move.Stated}\" is not a lead status. Use new, qualified or canceled.", nameof(StatusCode)),
    };

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainRuleException("Enter the lead name.", nameof(Name));
        }

        return trimmed.Length <= NameMaxLength
            ? trimmed
            : throw new DomainRuleException($"The lead name has at most {NameMaxLength} characters.", nameof(Name));
    }

    private static int? ValidEmployees(int? employees) => employees is < 0 or > MaxEmployees
        ? throw new DomainRuleException($"The number of employees is a whole number from 0 to {MaxEmployees:N0}.", nameof(NumberOfEmployees))
        : employees;

    private static bool Changed<T>(FieldValue<T>? field, T before, bool isNew, out T value)
    {
        value = field is { } present ? present.Value : default!;
        return field is not null && (isNew || !EqualityComparer<T>.Default.Equals(value, before));
    }

    /// <summary>A list counts as changed when its entries differ (a stored list sent back as it is is not checked again).</summary>
    private static bool ChangedList<T>(FieldValue<IReadOnlyList<T>>? field, IReadOnlyList<T> before, out IReadOnlyList<T> value)
    {
        value = field?.Value ?? [];
        return field is not null && !value.SequenceEqual(before);
    }
}

/// <summary>The lead statuses of spec §9, with Oro's codes.</summary>
public static class LeadStatus
{
    public const string New = "new";
    public const string Qualified = "qualified";

    /// <summary>Oro's code for Disqualified.</summary>
    public const string Disqualified = "canceled";

    public static IReadOnlyList<(string Code, string Label)> All { get; } = [(New, "New"), (Qualified, "Qualified"), (Disqualified, "Disqualified")];

    public static string Label(string code) => All.FirstOrDefault(s => s.Code == code).Label ?? code;

    /// <summary>A code or a label, in any case ("Disqualified", "cancelled" and "canceled" all mean Disqualified).</summary>
    public static string? Parse(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        return value switch
        {
            "new" => New,
            "qualified" => Qualified,
            "canceled" or "cancelled" or "disqualified" => Disqualified,
            _ => null,
        };
    }
}

/// <summary>A value of the configurable source list (System Configuration → Lead).</summary>
public sealed record LeadSource(string Code, string Label)
{
    public const int LabelMaxLength = 100;

    /// <summary>The list a new installation starts with (spec §9; Oro's codes).</summary>
    public static IReadOnlyList<LeadSource> Defaults { get; } =
    [
        new("website", "Website"), new("referral", "Referral"), new("event", "Event"), new("partner", "Partner"),
        new("cold_call", "Cold call"), new("other", "Other"),
    ];
}
