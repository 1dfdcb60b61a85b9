using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>One row of the Probabilities table as displayed.</summary>
public sealed record StatusRowViewModel(int Id, string Code, string Label, string DefaultProbability, StatusKind Kind, bool IsSystem)
{
    /// <summary>Won and Lost keep 100 % and 0 %: their inputs are read-only.</summary>
    public bool ProbabilityFixed => OpportunityStatus.FixedProbability(Kind) is not null;

    /// <summary>System statuses cannot be deleted (spec §2).</summary>
    public bool CanDelete => !IsSystem;
}

public sealed class OpportunityConfigurationViewModel
{
    public required OpportunitySettingsEditModel Settings { get; init; }

    public required long StatusListRevision { get; init; }

    public required IReadOnlyList<StatusRowViewModel> Statuses { get; init; }

    public required NewStatusEditModel NewStatus { get; init; }

    /// <summary>
    /// Builds the page from the current configuration; a form that failed validation is shown as
    /// submitted (its values, its order, its revision) so that nothing the user typed is lost.
    /// </summary>
    public static OpportunityConfigurationViewModel Build(
        ConfigurationSnapshot snapshot,
        OpportunitySettingsEditModel? settings = null,
        StatusListEditModel? statusList = null,
        NewStatusEditModel? newStatus = null)
    {
        var rows = snapshot.Statuses
            .Select(s => new StatusRowViewModel(s.Id, s.Code, s.Label, Percent(s.DefaultProbability), s.Kind, s.IsSystem))
            .ToList();
        if (statusList is not null)
        {
            var posted = statusList.Statuses;
            rows = rows
                .Select(r => posted.FirstOrDefault(p => p.Id == r.Id) is { } p
                    ? r with { Label = p.Label ?? string.Empty, DefaultProbability = p.DefaultProbability is int v ? Percent(v) : string.Empty }
                    : r)
                .OrderBy(r => posted.FindIndex(p => p.Id == r.Id) is var i and >= 0 ? i : int.MaxValue)
                .ToList();
        }

        return new OpportunityConfigurationViewModel
        {
            Settings = settings ?? OpportunitySettingsEditModel.From(snapshot),
            StatusListRevision = statusList?.Revision ?? snapshot.Revision,
            Statuses = rows,
            NewStatus = newStatus ?? new NewStatusEditModel { Revision = snapshot.Revision, DefaultProbability = 0 },
        };
    }

    private static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed record LeadConfigurationViewModel
{
    public required LeadSettingsEditModel Settings { get; init; }

    /// <summary>The source list form; the page builds it from the configuration when not given.</summary>
    public LeadSourcesEditModel? Sources { get; init; }
}

/// <summary>The page that confirms a deletion and, for a status in use, asks where its records go.</summary>
public sealed class StatusDeleteViewModel
{
    public required StatusDeletionInfo Status { get; init; }

    public required StatusDeleteEditModel Form { get; init; }

    /// <summary>Only open statuses: moving records into Won or Lost would close them without closing data.</summary>
    public required IReadOnlyList<StatusInfo> MoveTargets { get; init; }

    public static StatusDeleteViewModel Build(ConfigurationSnapshot snapshot, StatusDeletionInfo status, StatusDeleteEditModel? form = null) => new()
    {
        Status = status,
        Form = form ?? new StatusDeleteEditModel { Revision = snapshot.Revision },
        MoveTargets = snapshot.Statuses.Where(s => !s.IsClosed && s.Id != status.Id).ToList(),
    };
}
