using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>What the opportunity rules need to know about a status (taken from the configured list).</summary>
public sealed record StatusRef(int Id, string Code, string Label, int DefaultProbability, StatusKind Kind)
{
    public bool IsClosed => Kind != StatusKind.Open;
}
