using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Domain.Customers;

/// <summary>A person at a customer; may belong to an account (spec §9).</summary>
[SecuredRecord(SecuredEntity.Contact, "contact")]
[Audited("Contact")]
[BumpsRevision(DataRevision.Opportunities)] // The grid and board filter deals by contact name and e-mail.
public sealed class Contact : OwnedRecord
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 255;
    public const int PhoneMaxLength = 50;
    public const int JobTitleMaxLength = 100;

    private Contact()
    {
        FirstName = string.Empty;
        LastName = string.Empty;
    }

    public Contact(string firstName, string lastName, int ownerId, DateTime now)
        : base(ownerId, now)
    {
        FirstName = string.Empty;
        LastName = string.Empty;
        ChangeName(firstName, lastName);
    }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    public string? SecondaryEmail { get; set; }

    public string? Phone { get; set; }

    public string? SecondaryPhone { get; set; }

    public int? AccountId { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();

    public void ChangeName(string firstName, string lastName)
    {
        var first = firstName?.Trim() ?? string.Empty;
        var last = lastName?.Trim() ?? string.Empty;
        if (first.Length + last.Length == 0)
        {
            throw new DomainRuleException("Enter the contact's first or last name.", nameof(LastName));
        }

        if (first.Length > NameMaxLength || last.Length > NameMaxLength)
        {
            throw new DomainRuleException($"A name part has at most {NameMaxLength} characters.", nameof(LastName));
        }

        FirstName = first;
        LastName = last;
    }
}
