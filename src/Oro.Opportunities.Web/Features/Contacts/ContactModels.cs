using System.Net.Mail;
using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Features.Records;

namespace Oro.Opportunities.Web.Features.Contacts;

/// <summary>The contact form as posted (fields prefixed <c>Form.</c>).</summary>
public sealed class ContactEditModel : IRecordForm
{
    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    public string? SecondaryEmail { get; set; }

    public string? Phone { get; set; }

    public string? SecondaryPhone { get; set; }

    /// <summary>Set by the picker when an account is chosen from the list.</summary>
    public int? AccountId { get; set; }

    /// <summary>The account as typed or picked; empty for none.</summary>
    public string? AccountName { get; set; }

    public int? OwnerId { get; set; }

    /// <summary>The concurrency token the form was built with.</summary>
    public long Version { get; set; }

    public ContactInput ToInput() => new()
    {
        FirstName = FirstName,
        LastName = LastName,
        JobTitle = JobTitle,
        Email = Email,
        SecondaryEmail = SecondaryEmail,
        Phone = Phone,
        SecondaryPhone = SecondaryPhone,
        AccountId = AccountId,
        AccountName = AccountName,
        OwnerId = OwnerId,
    };

    public static ContactEditModel From(ContactEditData data) => new()
    {
        FirstName = data.FirstName,
        LastName = data.LastName,
        JobTitle = data.JobTitle,
        Email = data.Email,
        SecondaryEmail = data.SecondaryEmail,
        Phone = data.Phone,
        SecondaryPhone = data.SecondaryPhone,
        AccountId = data.AccountId,
        AccountName = data.AccountName,
        OwnerId = data.OwnerId,
        Version = data.Version,
    };
}

public sealed class ContactEditModelValidator : AbstractValidator<ContactEditModel>
{
    public const string NameRequired = "Enter a first name or a last name.";
    public const string InvalidEmail = "Enter a valid email address, such as name@example.com.";

    public ContactEditModelValidator()
    {
        RuleFor(m => m.LastName)
            .Must((model, _) => !string.IsNullOrWhiteSpace(model.FirstName) || !string.IsNullOrWhiteSpace(model.LastName))
            .WithMessage(NameRequired);
        RuleFor(m => m.FirstName).MaximumLength(Contact.NameMaxLength).WithMessage($"The first name has at most {Contact.NameMaxLength} characters.");
        RuleFor(m => m.LastName).MaximumLength(Contact.NameMaxLength).WithMessage($"The last name has at most {Contact.NameMaxLength} characters.");
        RuleFor(m => m.JobTitle).MaximumLength(Contact.JobTitleMaxLength).WithMessage($"The job title has at most {Contact.JobTitleMaxLength} characters.");
        foreach (var email in new[] { (System.Linq.Expressions.Expression<Func<ContactEditModel, string?>>)(m => m.Email), m => m.SecondaryEmail })
        {
            RuleFor(email).MaximumLength(Contact.EmailMaxLength).WithMessage($"An email address has at most {Contact.EmailMaxLength} characters.");
            RuleFor(email).Must(IsEmail).When(m => !string.IsNullOrWhiteSpace(email.Compile()(m))).WithMessage(InvalidEmail);
        }

        RuleFor(m => m.Phone).MaximumLength(Contact.PhoneMaxLength).WithMessage($"A phone number has at most {Contact.PhoneMaxLength} characters.");
        RuleFor(m => m.SecondaryPhone).MaximumLength(Contact.PhoneMaxLength).WithMessage($"A phone number has at most {Contact.PhoneMaxLength} characters.");
        RuleFor(m => m.OwnerId).NotNull().WithMessage("Choose an owner.");
    }

    /// <summary>One address, nothing around it, and a domain with a dot (name@host alone is a typo in a CRM).</summary>
    public static bool IsEmail(string? value)
    {
        var text = value?.Trim();
        return !string.IsNullOrEmpty(text)
            && MailAddress.TryCreate(text, out var address)
            && address.Address == text
            && address.DisplayName.Length == 0
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.EndsWith('.');
    }
}

/// <summary>The create/edit page: the form, the owners the user may choose and the first accounts for the picker.</summary>
public sealed class ContactFormViewModel
{
    /// <summary>Null while creating.</summary>
    public int? Id { get; init; }

    public required ContactEditModel Form { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required IReadOnlyList<LookupItem> Accounts { get; init; }

    /// <summary>The contact belongs to an account the user may not see; saving keeps it.</summary>
    public bool HasHiddenAccount { get; init; }
}

public sealed class ContactsIndexViewModel
{
    public required GridPage<ContactListItem> Page { get; init; }

    public required GridNav Nav { get; init; }

    public required bool CanCreate { get; init; }
}

public sealed class ContactDetailsViewModel
{
    public required ContactDetails Contact { get; init; }

    public required ConfigurationSnapshot Snapshot { get; init; }

    public DealsTableModel Deals => new(Contact.Opportunities, Contact.OpportunitiesEnabled, Snapshot, $"Opportunities with {Contact.Name}");
}
