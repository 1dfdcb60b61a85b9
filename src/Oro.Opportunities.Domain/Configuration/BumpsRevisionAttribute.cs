namespace Oro.Opportunities.Domain.Configuration;

/// <summary>
/// Saving a record of this type moves the named <see cref="DataRevision"/>, so that figures cached
/// under it (grid and board totals) are computed again (ADR-0009).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BumpsRevisionAttribute(string revision) : Attribute
{
    public string Revision { get; } = revision;
}
