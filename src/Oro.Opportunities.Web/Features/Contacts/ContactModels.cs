using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Features.Records;

namespace Oro.Opportunities.Web.Features.Contacts;

/// <summary>The contact form as posted (fields prefixed <c>Form.</c>): the person part, the account and the owner.</summary>
public sealed class ContactEditModel : PersonForm, IRecordForm
{
    /// <summary>Set by the picker when an account is chosen from the list.</summary>
    public int? AccountId { get; set; }

    /// <summary>The account as typed or picked; empty for none.</summary>
    public string? AccountName { get; set; }

    public int? OwnerId { get; set; }

    /// <summary>The concurrency token the form was built with.</summary>
    public long Version { get; set; }

    public ContactInput ToInput() => new()
    {
        Person = ToPerson(),
        AccountId = AccountId,
        AccountName = AccountName,
        OwnerId = OwnerId,
    };

    public static ContactEditModel From(ContactEditData data)
    {
        var form = new ContactEditModel { AccountId = data.AccountId, AccountName = data.AccountName, OwnerId = data.OwnerId, Version = data.Version };
        form.Fill(data.Person);
        return form;
    }
}

public sealed class ContactEditModelValidator : AbstractValidator<ContactEditModel>
{
    public const string NameRequired = "Enter a first name or a last name.";

    public ContactEditModelValidator()
    {
        Include(new PersonFormValidator());
        RuleFor(m => m.LastName)
            .Must((model, _) => !string.IsNullOrWhiteSpace(model.FirstName) || !string.IsNullOrWhiteSpace(model.LastName))
            .WithMessage(NameRequired);
        RuleFor(m => m.OwnerId).NotNull().WithMessage("Choose an owner.");
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
