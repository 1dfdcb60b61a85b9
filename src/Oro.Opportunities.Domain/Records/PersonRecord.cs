using Oro.Opportunities.Domain.Auditing;

namespace Oro.Opportunities.Domain.Records;

/// <summary>A person's name in Oro's parts (spec §9): prefix, first, middle, last, suffix.</summary>
public sealed record PersonName(string? Prefix, string? First, string? Middle, string? Last, string? Suffix)
{
    public const int PartMaxLength = 100;

    public static PersonName Of(string? first, string? last) => new(null, first, null, last, null);
}

/// <summary>
/// An owned record that stands for a person (contacts, leads): the name parts, job title and the lists
/// of e-mails, phones and postal addresses, one primary each (spec §9). The primary e-mail and phone
/// are kept in columns of their own as well, so grids search, sort and filter on them in SQL.
/// </summary>
public abstract class PersonRecord : OwnedRecord
{
    public const int JobTitleMaxLength = 100;

    protected PersonRecord()
    {
    }

    protected PersonRecord(int ownerId, DateTime now)
        : base(ownerId, now)
    {
    }

    public string? NamePrefix { get; private set; }

    public string FirstName { get; private set; } = string.Empty;

    public string? MiddleName { get; private set; }

    public string LastName { get; private set; } = string.Empty;

    public string? NameSuffix { get; private set; }

    public string? JobTitle { get; private set; }

    /// <summary>The primary e-mail of <see cref="Emails"/>.</summary>
    [NotAudited]
    public string? Email { get; private set; }

    /// <summary>The primary phone of <see cref="Phones"/>.</summary>
    [NotAudited]
    public string? Phone { get; private set; }

    public EmailList Emails { get; private set; } = EmailList.Empty;

    public PhoneList Phones { get; private set; } = PhoneList.Empty;

    public AddressList Addresses { get; private set; } = AddressList.Empty;

    public string FullName => $"{FirstName} {LastName}".Trim();

    public PersonName NameParts => new(NamePrefix, FirstName, MiddleName, LastName, NameSuffix);

    /// <summary>Sets the name parts, each trimmed and at most <see cref="PersonName.PartMaxLength"/> characters.</summary>
    protected void SetName(PersonName name) => AssignName(CheckedName(name));

    /// <summary>The name parts trimmed (empty is null; first and last empty strings), or the first part that is too long refused.</summary>
    protected static PersonName CheckedName(PersonName name) => new(
        Optional(name.Prefix, PersonName.PartMaxLength, nameof(NamePrefix), "name prefix"),
        Optional(name.First, PersonName.PartMaxLength, nameof(FirstName), "first name") ?? string.Empty,
        Optional(name.Middle, PersonName.PartMaxLength, nameof(MiddleName), "middle name"),
        Optional(name.Last, PersonName.PartMaxLength, nameof(LastName), "last name") ?? string.Empty,
        Optional(name.Suffix, PersonName.PartMaxLength, nameof(NameSuffix), "name suffix"));

    /// <summary>The job title trimmed, or refused when too long.</summary>
    protected static string? CheckedJobTitle(string? jobTitle) => Optional(jobTitle, JobTitleMaxLength, nameof(JobTitle), "job title");

    /// <summary>Assigns name parts already checked by <see cref="CheckedName"/>.</summary>
    protected void AssignName(PersonName name)
    {
        NamePrefix = name.Prefix;
        FirstName = name.First ?? string.Empty;
        MiddleName = name.Middle;
        LastName = name.Last ?? string.Empty;
        NameSuffix = name.Suffix;
    }

    /// <summary>Assigns a job title already checked by <see cref="CheckedJobTitle"/>.</summary>
    protected void AssignJobTitle(string? jobTitle) => JobTitle = jobTitle;

    /// <summary>Assigns the three lists (already checked) and the primary e-mail and phone columns.</summary>
    protected void AssignContactPoints(EmailList emails, PhoneList phones, AddressList addresses)
    {
        Emails = emails;
        Phones = phones;
        Addresses = addresses;
        Email = emails.Primary?.Email;
        Phone = phones.Primary?.Phone;
    }
}
