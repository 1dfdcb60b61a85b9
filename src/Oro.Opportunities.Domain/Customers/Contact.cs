using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Domain.Customers;

/// <summary>A person at a customer; may belong to an account (spec §9).</summary>
[SecuredRecord(SecuredEntity.Contact, "contact")]
[Audited("Contact")]
[BumpsRevision(DataRevision.Opportunities)] // The grid and board filter deals by contact name and e-mail.
public sealed class Contact : PersonRecord
{
    public const int NameMaxLength = PersonName.PartMaxLength;
    public const int EmailMaxLength = EmailAddress.MaxLength;
    public const int PhoneMaxLength = PhoneNumber.MaxLength;

    private Contact()
    {
    }

    public Contact(string firstName, string lastName, int ownerId, DateTime now)
        : this(PersonName.Of(firstName, lastName), ownerId, now)
    {
    }

    public Contact(PersonName name, int ownerId, DateTime now)
        : base(ownerId, now)
    {
        ChangeName(name);
    }

    public int? AccountId { get; set; }

    public void ChangeName(string firstName, string lastName) => ChangeName(PersonName.Of(firstName, lastName));

    /// <summary>A contact needs a first or a last name; every part has at most <see cref="NameMaxLength"/> characters.</summary>
    public void ChangeName(PersonName name)
    {
        if (string.IsNullOrWhiteSpace(name.First) && string.IsNullOrWhiteSpace(name.Last))
        {
            throw new DomainRuleException("Enter the contact's first or last name.", nameof(LastName));
        }

        SetName(name);
    }

    public void ChangeJobTitle(string? jobTitle) => AssignJobTitle(CheckedJobTitle(jobTitle));

    public void SetContactPoints(EmailList emails, PhoneList phones, AddressList addresses) => AssignContactPoints(emails, phones, addresses);
}
