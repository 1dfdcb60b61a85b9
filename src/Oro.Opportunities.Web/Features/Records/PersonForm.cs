using FluentValidation;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.Web.Features.Records;

/// <summary>One postal address of a person form.</summary>
public sealed class AddressForm
{
    public string? Label { get; set; }

    public string? Organization { get; set; }

    public string? NamePrefix { get; set; }

    public string? FirstName { get; set; }

    public string? MiddleName { get; set; }

    public string? LastName { get; set; }

    public string? NameSuffix { get; set; }

    public string? Street { get; set; }

    public string? Street2 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Region { get; set; }

    public string? RegionCode { get; set; }

    public string? Country { get; set; }

    /// <summary>A block the user left empty (the spare one the form always offers) is not an address.</summary>
    public bool IsBlank => new[] { Label, Organization, NamePrefix, FirstName, MiddleName, LastName, NameSuffix, Street, Street2, PostalCode, City, Region, RegionCode, Country }
        .All(string.IsNullOrWhiteSpace);

    public PostalAddress ToAddress(bool primary) => new()
    {
        Label = Label, Organization = Organization, NamePrefix = NamePrefix, FirstName = FirstName, MiddleName = MiddleName, LastName = LastName,
        NameSuffix = NameSuffix, Street = Street, Street2 = Street2, PostalCode = PostalCode, City = City, Region = Region, RegionCode = RegionCode,
        Country = Country, IsPrimary = primary,
    };

    public static AddressForm From(PostalAddress a) => new()
    {
        Label = a.Label, Organization = a.Organization, NamePrefix = a.NamePrefix, FirstName = a.FirstName, MiddleName = a.MiddleName, LastName = a.LastName,
        NameSuffix = a.NameSuffix, Street = a.Street, Street2 = a.Street2, PostalCode = a.PostalCode, City = a.City, Region = a.Region, RegionCode = a.RegionCode,
        Country = a.Country,
    };
}

/// <summary>
/// The person part of a contact, a lead, or the contact a conversion creates: name parts, job title
/// and the lists of e-mails, phones and addresses, each with a "primary" choice (the index of the
/// entry, as the radio buttons post it). Empty entries — the spare row the form always offers — are
/// dropped; when the entry chosen as primary is empty, the first one becomes primary.
/// </summary>
public class PersonForm
{
    public string? NamePrefix { get; set; }

    public string? FirstName { get; set; }

    public string? MiddleName { get; set; }

    public string? LastName { get; set; }

    public string? NameSuffix { get; set; }

    public string? JobTitle { get; set; }

    public List<string?> Emails { get; set; } = [];

    public int PrimaryEmail { get; set; }

    public List<string?> Phones { get; set; } = [];

    public int PrimaryPhone { get; set; }

    public List<AddressForm> Addresses { get; set; } = [];

    public int PrimaryAddress { get; set; }

    public PersonInput ToPerson() => new()
    {
        NamePrefix = NamePrefix,
        FirstName = FirstName,
        MiddleName = MiddleName,
        LastName = LastName,
        NameSuffix = NameSuffix,
        JobTitle = JobTitle,
        Emails = Emails.Select((e, i) => (e, i)).Where(x => !string.IsNullOrWhiteSpace(x.e)).Select(x => new EmailAddress(x.e!.Trim(), x.i == PrimaryEmail)).ToList(),
        Phones = Phones.Select((p, i) => (p, i)).Where(x => !string.IsNullOrWhiteSpace(x.p)).Select(x => new PhoneNumber(x.p!.Trim(), x.i == PrimaryPhone)).ToList(),
        Addresses = Addresses.Select((a, i) => (a, i)).Where(x => !x.a.IsBlank).Select(x => x.a.ToAddress(x.i == PrimaryAddress)).ToList(),
    };

    public void Fill(PersonInput person)
    {
        NamePrefix = person.NamePrefix;
        FirstName = person.FirstName;
        MiddleName = person.MiddleName;
        LastName = person.LastName;
        NameSuffix = person.NameSuffix;
        JobTitle = person.JobTitle;
        Emails = person.Emails.Select(e => (string?)e.Email).ToList();
        PrimaryEmail = Math.Max(0, person.Emails.ToList().FindIndex(e => e.IsPrimary));
        Phones = person.Phones.Select(p => (string?)p.Phone).ToList();
        PrimaryPhone = Math.Max(0, person.Phones.ToList().FindIndex(p => p.IsPrimary));
        Addresses = person.Addresses.Select(AddressForm.From).ToList();
        PrimaryAddress = Math.Max(0, person.Addresses.ToList().FindIndex(a => a.IsPrimary));
    }
}

/// <summary>The checks a person form shows beside each field (the record's own rules check again on save).</summary>
public sealed class PersonFormValidator : AbstractValidator<PersonForm>
{
    public const string InvalidEmail = "Enter a valid email address, such as name@example.com.";

    public PersonFormValidator()
    {
        var part = PersonName.PartMaxLength;
        RuleFor(m => m.NamePrefix).MaximumLength(part).WithMessage($"The name prefix has at most {part} characters.");
        RuleFor(m => m.FirstName).MaximumLength(part).WithMessage($"The first name has at most {part} characters.");
        RuleFor(m => m.MiddleName).MaximumLength(part).WithMessage($"The middle name has at most {part} characters.");
        RuleFor(m => m.LastName).MaximumLength(part).WithMessage($"The last name has at most {part} characters.");
        RuleFor(m => m.NameSuffix).MaximumLength(part).WithMessage($"The name suffix has at most {part} characters.");
        RuleFor(m => m.JobTitle).MaximumLength(PersonRecord.JobTitleMaxLength).WithMessage($"The job title has at most {PersonRecord.JobTitleMaxLength} characters.");
        RuleForEach(m => m.Emails)
            .Must(e => string.IsNullOrWhiteSpace(e) || EmailAddress.IsValid(e))
            .WithMessage(InvalidEmail);
        RuleForEach(m => m.Phones)
            .Must(p => string.IsNullOrWhiteSpace(p) || p.Trim().Length <= PhoneNumber.MaxLength)
            .WithMessage($"A phone number has at most {PhoneNumber.MaxLength} characters.");
        RuleFor(m => m.Emails.Count(e => !string.IsNullOrWhiteSpace(e))).LessThanOrEqualTo(EmailList.MaxItems)
            .WithMessage($"Enter at most {EmailList.MaxItems} email addresses.").OverridePropertyName(nameof(PersonForm.Emails));
        RuleFor(m => m.Phones.Count(p => !string.IsNullOrWhiteSpace(p))).LessThanOrEqualTo(PhoneList.MaxItems)
            .WithMessage($"Enter at most {PhoneList.MaxItems} phone numbers.").OverridePropertyName(nameof(PersonForm.Phones));
        RuleForEach(m => m.Addresses).ChildRules(address =>
        {
            address.RuleFor(a => a.Country)
                .Must(c => string.IsNullOrWhiteSpace(c) || (c.Trim().Length == 2 && c.Trim().All(char.IsAsciiLetter)))
                .WithMessage("Use the two-letter country code, such as US or DE.");
            address.RuleFor(a => a.Street).MaximumLength(PostalAddress.StreetMaxLength).WithMessage($"The street has at most {PostalAddress.StreetMaxLength} characters.");
            address.RuleFor(a => a.Street2).MaximumLength(PostalAddress.StreetMaxLength).WithMessage($"The street has at most {PostalAddress.StreetMaxLength} characters.");
            address.RuleFor(a => a.PostalCode).MaximumLength(PostalAddress.PostalCodeMaxLength).WithMessage($"The postal code has at most {PostalAddress.PostalCodeMaxLength} characters.");
            address.RuleFor(a => a.City).MaximumLength(PostalAddress.TextMaxLength).WithMessage($"The city has at most {PostalAddress.TextMaxLength} characters.");
            address.RuleFor(a => a.Region).MaximumLength(PostalAddress.TextMaxLength).WithMessage($"The region has at most {PostalAddress.TextMaxLength} characters.");
            address.RuleFor(a => a.RegionCode).MaximumLength(PostalAddress.RegionCodeMaxLength).WithMessage($"The region code has at most {PostalAddress.RegionCodeMaxLength} characters.");
            address.RuleFor(a => a.Organization).MaximumLength(PostalAddress.TextMaxLength).WithMessage($"The organization has at most {PostalAddress.TextMaxLength} characters.");
            address.RuleFor(a => a.Label).MaximumLength(PostalAddress.LabelMaxLength).WithMessage($"The label has at most {PostalAddress.LabelMaxLength} characters.");
            address.RuleFor(a => a)
                .Must(a => a.IsBlank || new[] { a.Street, a.Street2, a.PostalCode, a.City, a.Region, a.RegionCode, a.Country }.Any(v => !string.IsNullOrWhiteSpace(v)))
                .WithMessage("An address needs at least a street, a city, a postal code or a country.")
                .OverridePropertyName(nameof(AddressForm.Street));
        });
    }
}
