using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.Application.Records;

/// <summary>
/// What a form or a file can say about a person (a contact, a lead, the contact a conversion
/// creates): name parts, job title and the lists of e-mails, phones and addresses, each entry with its
/// primary flag. The same value prefills a form from a record and applies a form to a record.
/// </summary>
public sealed record PersonInput
{
    public string? NamePrefix { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? LastName { get; init; }

    public string? NameSuffix { get; init; }

    public string? JobTitle { get; init; }

    public IReadOnlyList<EmailAddress> Emails { get; init; } = [];

    public IReadOnlyList<PhoneNumber> Phones { get; init; } = [];

    public IReadOnlyList<PostalAddress> Addresses { get; init; } = [];

    public PersonName Name => new(NamePrefix, FirstName, MiddleName, LastName, NameSuffix);

    public string FullName => $"{FirstName} {LastName}".Trim();

    public static PersonInput From(PersonRecord record) => new()
    {
        NamePrefix = record.NamePrefix,
        FirstName = record.FirstName,
        MiddleName = record.MiddleName,
        LastName = record.LastName,
        NameSuffix = record.NameSuffix,
        JobTitle = record.JobTitle,
        Emails = [.. record.Emails],
        Phones = [.. record.Phones],
        Addresses = [.. record.Addresses],
    };

    /// <summary>Sets the job title and the three lists (checked: format, lengths, duplicates, one primary each).</summary>
    public void ApplyDetails(Contact record)
    {
        record.ChangeJobTitle(JobTitle);
        record.SetContactPoints(EmailList.Of(Emails), PhoneList.Of(Phones), AddressList.Of(Addresses));
    }
}
