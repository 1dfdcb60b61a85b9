using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Leads;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Web.Features.Opportunities;
using Oro.Opportunities.Web.Features.Records;

namespace Oro.Opportunities.Web.Features.Leads;

/// <summary>The lead form as posted (fields prefixed <c>Form.</c>): the lead's own fields and the person part.</summary>
public sealed class LeadEditModel : PersonForm, IRecordForm
{
    public string? Name { get; set; }

    public string? CompanyName { get; set; }

    public string? Website { get; set; }

    public int? NumberOfEmployees { get; set; }

    public string? Industry { get; set; }

    public string? SourceCode { get; set; }

    public string? Notes { get; set; }

    public string? Twitter { get; set; }

    public string? LinkedIn { get; set; }

    public int? AccountId { get; set; }

    public string? AccountName { get; set; }

    public int? ContactId { get; set; }

    public string? ContactName { get; set; }

    public int? OwnerId { get; set; }

    public long Version { get; set; }

    public LeadInput ToInput() => new()
    {
        Name = Name ?? string.Empty,
        Person = ToPerson(),
        CompanyName = CompanyName,
        Website = Website,
        NumberOfEmployees = NumberOfEmployees,
        Industry = Industry,
        SourceCode = string.IsNullOrWhiteSpace(SourceCode) ? null : SourceCode,
        Notes = Notes,
        Twitter = Twitter,
        LinkedIn = LinkedIn,
        AccountId = AccountId,
        AccountName = AccountName,
        ContactId = ContactId,
        ContactName = ContactName,
        OwnerId = OwnerId,
    };

    public static LeadEditModel From(LeadEditData data)
    {
        var lead = data.Lead;
        var form = new LeadEditModel
        {
            Name = lead.Name,
            CompanyName = lead.CompanyName,
            Website = lead.Website,
            NumberOfEmployees = lead.NumberOfEmployees,
            Industry = lead.Industry,
            SourceCode = lead.SourceCode,
            Notes = lead.Notes,
            Twitter = lead.Twitter,
            LinkedIn = lead.LinkedIn,
            AccountId = lead.AccountId,
            AccountName = data.AccountName,
            ContactId = lead.ContactId,
            ContactName = data.ContactName,
            OwnerId = data.OwnerId,
            Version = data.Version,
        };
        form.Fill(lead.Person);
        return form;
    }
}

public sealed class LeadEditModelValidator : AbstractValidator<LeadEditModel>
{
    public LeadEditModelValidator()
    {
        Include(new PersonFormValidator());
        RuleFor(m => m.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the lead name.")
            .MaximumLength(Lead.NameMaxLength).WithMessage($"The lead name has at most {Lead.NameMaxLength} characters.");
        RuleFor(m => m.CompanyName).MaximumLength(Lead.CompanyMaxLength).WithMessage($"The company name has at most {Lead.CompanyMaxLength} characters.");
        RuleFor(m => m.Website).MaximumLength(Lead.WebsiteMaxLength).WithMessage($"The website has at most {Lead.WebsiteMaxLength} characters.");
        RuleFor(m => m.Industry).MaximumLength(Lead.IndustryMaxLength).WithMessage($"The industry has at most {Lead.IndustryMaxLength} characters.");
        RuleFor(m => m.NumberOfEmployees).InclusiveBetween(0, Lead.MaxEmployees).WithMessage($"The number of employees is a whole number from 0 to {Lead.MaxEmployees:N0}.");
        RuleFor(m => m.Notes).MaximumLength(Lead.NotesMaxLength).WithMessage($"The additional comments have at most {Lead.NotesMaxLength:N0} characters.");
        RuleFor(m => m.Twitter).MaximumLength(Lead.SocialMaxLength);
        RuleFor(m => m.LinkedIn).MaximumLength(Lead.SocialMaxLength);
        RuleFor(m => m.AccountName).MaximumLength(Domain.Customers.Account.NameMaxLength);
        RuleFor(m => m.ContactName).MaximumLength(201);
        RuleFor(m => m.OwnerId).NotNull().WithMessage("Choose an owner.");
    }
}

/// <summary>The create/edit page: the form, the owners the user may choose and the source list.</summary>
public sealed class LeadFormViewModel
{
    /// <summary>Null while creating.</summary>
    public int? Id { get; init; }

    public required LeadEditModel Form { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required IReadOnlyList<LeadSource> Sources { get; init; }

    public required IReadOnlyList<LookupItem> Accounts { get; init; }
}

public sealed class LeadsIndexViewModel
{
    public static readonly (string Key, string Label)[] Views = [(LeadSearch.OpenView, "Open Leads"), (LeadSearch.AllView, "All Leads")];

    public required LeadSearch Search { get; init; }

    public required GridPage<LeadListItem> Page { get; init; }

    public required GridLinks Links { get; init; }

    public required ConfigurationSnapshot Snapshot { get; init; }

    public required SavedViewsMenu SavedViews { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required bool CanCreate { get; init; }

    public required bool CanDelete { get; init; }

    public required bool CanAssign { get; init; }

    public required bool CanDisqualify { get; init; }

    public required bool CanImport { get; init; }

    public required bool CanExport { get; init; }

    public string ViewTitle => SavedViews.Active?.Name ?? Views.First(v => v.Key == Search.EffectiveView).Label;

    public bool CanSelect => CanDelete || CanAssign || CanDisqualify;
}

public sealed class LeadDetailsViewModel
{
    public required LeadDetailsView Lead { get; init; }

    public required ConfigurationSnapshot Snapshot { get; init; }
}

/// <summary>Convert to Opportunity: the opportunity form prefilled from the lead, and the new contact when the lead has none.</summary>
public sealed class LeadConvertViewModel
{
    public required int LeadId { get; init; }

    public required string LeadName { get; init; }

    public required long LeadVersion { get; init; }

    public required OpportunityFormViewModel Opportunity { get; init; }

    /// <summary>The contact to create (null when the lead has a contact, which the opportunity gets).</summary>
    public PersonForm? NewContact { get; init; }

    public required ConversionAccountSource AccountSource { get; init; }
}
