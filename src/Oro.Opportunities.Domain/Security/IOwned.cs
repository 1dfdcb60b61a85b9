namespace Oro.Opportunities.Domain.Security;

/// <summary>A record with an owner, to which the Own / Team / All access levels apply (spec §11).</summary>
public interface IOwned
{
    int Id { get; }

    int OwnerId { get; }
}
