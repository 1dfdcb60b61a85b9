using FluentValidation;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>The Localization form: the system's time zone.</summary>
public sealed class LocalizationSettingsEditModel
{
    public long Revision { get; set; }

    public string? TimeZone { get; set; }

    public static LocalizationSettingsEditModel From(ConfigurationSnapshot snapshot) => new()
    {
        Revision = snapshot.Revision,
        TimeZone = snapshot.TimeZone,
    };
}

public sealed class LocalizationSettingsEditModelValidator : AbstractValidator<LocalizationSettingsEditModel>
{
    public LocalizationSettingsEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.TimeZone).Must(TimeZones.IsKnown).WithMessage("Choose a time zone from the list.");
    }
}

public sealed class LocalizationConfigurationViewModel
{
    public required LocalizationSettingsEditModel Settings { get; init; }

    public required string ServerZone { get; init; }

    public IReadOnlyList<TimeZoneOption> Zones => TimeZones.All;
}
