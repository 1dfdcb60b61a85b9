using Oro.Opportunities.Domain.Auditing;
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

    public Lead(string name, int ownerId, DateTime now)
        : base(ownerId, now)
    {
        Name = string.Empty;
        StatusCode = LeadStatus.New;
        Rename(name);
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

    public void Rename(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainRuleException("Enter the lead name.", nameof(Name));
        }

        Name = trimmed.Length <= NameMaxLength
            ? trimmed
            : throw new DomainRuleException($"The lead name has at most {NameMaxLength} characters.", nameof(Name));
    }

    public void ChangeName(PersonName name) => SetName(name);

    /// <summary>Sets what the form and a file say about the lead's company and origin.</summary>
    public void SetDetails(LeadDetails details)
    {
        if (details.NumberOfEmployees is < 0 or > MaxEmployees)
        {
            throw new DomainRuleException($"The number of employees is a whole number from 0 to {MaxEmployees:N0}.", nameof(NumberOfEmployees));
        }

        var company = Optional(details.CompanyName, CompanyMaxLength, nameof(CompanyName), "company name");
        var website = Optional(details.Website, WebsiteMaxLength, nameof(Website), "website");
        var industry = Optional(details.Industry, IndustryMaxLength, nameof(Industry), "industry");
        var source = Optional(details.SourceCode, SourceMaxLength, nameof(SourceCode), "source");
        var notes = Optional(details.Notes, NotesMaxLength, nameof(Notes), "additional comments");
        var twitter = Optional(details.Twitter, SocialMaxLength, nameof(Twitter), "Twitter handle");
        var linkedIn = Optional(details.LinkedIn, SocialMaxLength, nameof(LinkedIn), "LinkedIn address");
        CompanyName = company;
        Website = website;
        NumberOfEmployees = details.NumberOfEmployees;
        Industry = industry;
        SourceCode = source;
        Notes = notes;
        Twitter = twitter;
        LinkedIn = linkedIn;
    }

    public void LinkAccount(int? accountId) => AccountId = accountId;

    public void LinkContact(int? contactId) => ContactId = contactId;

    /// <summary>
    /// Conversion to an opportunity (spec §9): the lead gets the opportunity's contact (when it has one)
    /// and becomes Qualified. A lead that is already qualified is not converted again.
    /// </summary>
    public void Qualify(int? contactId)
    {
        if (StatusCode == LeadStatus.Qualified)
        {
            throw new DomainRuleException("This lead is already qualified.", nameof(StatusCode));
        }

        ContactId = contactId;
        StatusCode = LeadStatus.Qualified;
    }

    /// <summary>New → Disqualified.</summary>
    public void Disqualify()
    {
        StatusCode = StatusCode == LeadStatus.New
            ? LeadStatus.Disqualified
            : throw new DomainRuleException($"Only a new lead can be disqualified; this one is {LeadStatus.Label(StatusCode)}.", nameof(StatusCode));
    }

    /// <summary>Disqualified → New.</summary>
    public void Reactivate()
    {
        StatusCode = StatusCode == LeadStatus.Disqualified
            ? LeadStatus.New
            : throw new DomainRuleException($"Only a disqualified lead can be reactivated; this one is {LeadStatus.Label(StatusCode)}.", nameof(StatusCode));
    }

    /// <summary>A status as a file states it (import): any of the three, by code or label.</summary>
    public void SetStatus(string status) =>
        StatusCode = LeadStatus.Parse(status) ?? throw new DomainRuleException($"\"{status}\" is not a lead status. Use new, qualified or canceled.", nameof(StatusCode));
}

/// <summary>The company and origin fields of a lead.</summary>
public sealed record LeadDetails(
    string? CompanyName, string? Website, int? NumberOfEmployees, string? Industry, string? SourceCode, string? Notes, string? Twitter = null, string? LinkedIn = null);

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
