using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>The "Enable Opportunity" and display settings form.</summary>
public sealed class OpportunitySettingsEditModel
{
    public long Revision { get; set; }

    public bool OpportunityEnabled { get; set; }

    public bool DisplayRelevantOpportunities { get; set; }

    public static OpportunitySettingsEditModel From(ConfigurationSnapshot snapshot) => new()
    {
        Revision = snapshot.Revision,
        OpportunityEnabled = snapshot.OpportunityEnabled,
        DisplayRelevantOpportunities = snapshot.DisplayRelevantOpportunities,
    };
}

public sealed class OpportunitySettingsEditModelValidator : AbstractValidator<OpportunitySettingsEditModel>
{
    public OpportunitySettingsEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
    }
}

/// <summary>The "Enable Lead" form.</summary>
public sealed class LeadSettingsEditModel
{
    public long Revision { get; set; }

    public bool LeadEnabled { get; set; }

    public static LeadSettingsEditModel From(ConfigurationSnapshot snapshot) => new()
    {
        Revision = snapshot.Revision,
        LeadEnabled = snapshot.LeadEnabled,
    };
}

public sealed class LeadSettingsEditModelValidator : AbstractValidator<LeadSettingsEditModel>
{
    public LeadSettingsEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
    }
}

/// <summary>One row of the Probabilities table as submitted.</summary>
public sealed class StatusRowEditModel
{
    public int Id { get; set; }

    public string? Label { get; set; }

    public int? DefaultProbability { get; set; }
}

/// <summary>
/// The Probabilities table. Rows are posted keyed by status id (<c>Statuses.Index</c>), in the
/// order they stand on the page, so a drag or an up/down move only changes the order of the rows.
/// </summary>
public sealed class StatusListEditModel
{
    public long Revision { get; set; }

    public List<StatusRowEditModel> Statuses { get; set; } = [];
}

public sealed class StatusListEditModelValidator : AbstractValidator<StatusListEditModel>
{
    public StatusListEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.Statuses).NotEmpty().WithMessage("The status list cannot be empty.");
        RuleForEach(m => m.Statuses)
            .OverrideIndexer((_, _, row, _) => "[" + row.Id + "]")
            .ChildRules(row =>
            {
                row.RuleFor(r => r.Label).NotEmpty().WithMessage("Enter a label.")
                    .MaximumLength(OpportunityStatus.LabelMaxLength).WithMessage($"A label has at most {OpportunityStatus.LabelMaxLength} characters.");
                row.RuleFor(r => r.DefaultProbability).NotNull().WithMessage(ConfigurationMessages.Probability)
                    .InclusiveBetween(0, 100).WithMessage(ConfigurationMessages.Probability);
            });
    }
}

/// <summary>The "Add status" form.</summary>
public sealed class NewStatusEditModel
{
    public long Revision { get; set; }

    public string? Label { get; set; }

    public int? DefaultProbability { get; set; }
}

public sealed class NewStatusEditModelValidator : AbstractValidator<NewStatusEditModel>
{
    public NewStatusEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.Label).NotEmpty().WithMessage("Enter a label for the new status.")
            .MaximumLength(OpportunityStatus.LabelMaxLength).WithMessage($"A label has at most {OpportunityStatus.LabelMaxLength} characters.");
        RuleFor(m => m.DefaultProbability).NotNull().WithMessage(ConfigurationMessages.Probability)
            .InclusiveBetween(0, 100).WithMessage(ConfigurationMessages.Probability);
    }
}

/// <summary>The confirmation of a status deletion, with the status to move its records to.</summary>
public sealed class StatusDeleteEditModel
{
    public long Revision { get; set; }

    public int? MoveToStatusId { get; set; }
}

public sealed class StatusDeleteEditModelValidator : AbstractValidator<StatusDeleteEditModel>
{
    public StatusDeleteEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
    }
}

public static class ConfigurationMessages
{
    public const string MissingRevision = "This form is incomplete. Reload the page and try again.";
    public const string Probability = "Enter a whole percent from 0 to 100.";
}

/// <summary>One row of the lead source list as posted: the existing code (empty for a new row), the label, and "remove".</summary>
public sealed class LeadSourceRowEditModel
{
    public string? Code { get; set; }

    public string? Label { get; set; }

    public bool Remove { get; set; }
}

/// <summary>The lead source list form (System Configuration → Lead).</summary>
public sealed class LeadSourcesEditModel
{
    public long Revision { get; set; }

    public List<LeadSourceRowEditModel> Rows { get; set; } = [];

    public IReadOnlyList<Application.Leads.LeadSourceInput> ToInput() =>
        Rows.Select(r => new Application.Leads.LeadSourceInput(string.IsNullOrWhiteSpace(r.Code) ? null : r.Code, r.Label, r.Remove)).ToList();

    public static LeadSourcesEditModel From(ConfigurationSnapshot snapshot) => new()
    {
        Revision = snapshot.Revision,
        Rows = [.. snapshot.LeadSources.Select(s => new LeadSourceRowEditModel { Code = s.Code, Label = s.Label }), new LeadSourceRowEditModel()],
    };
}
