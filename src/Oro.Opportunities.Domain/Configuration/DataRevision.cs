namespace Oro.Opportunities.Domain.Configuration;

/// <summary>
/// A counter that goes up after every change to a kind of record (e.g. opportunities). Caches of
/// derived figures — the grid's footer totals, the board's column totals — are keyed by it, so every
/// app instance sharing the database drops them after any write.
/// </summary>
public sealed class DataRevision
{
    public const string Opportunities = "opportunities";

    /// <summary>Users, their roles and teams, and the roles' permissions.</summary>
    public const string Security = "security";

    /// <summary>Users' saved grid views (every grid page lists them).</summary>
    public const string Views = "views";

    public DataRevision(string name)
    {
        Name = name;
    }

    public string Name { get; private set; }

    public long Revision { get; set; }
}
