using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Domain.Records;

/// <summary>
/// The shape every owned record shares (accounts, contacts, leads): an owner to which the Own / Team
/// / All levels of spec §11 apply, creation and update times, and the concurrency token every edit
/// path checks. What a record type is beyond that, its class says with <see cref="SecuredRecordAttribute"/>
/// (which row of the role matrix governs it), <see cref="Auditing.AuditedAttribute"/> (its change
/// history) and <see cref="Configuration.BumpsRevisionAttribute"/> (which cached figures it feeds).
/// </summary>
public abstract class OwnedRecord : IOwned
{
    protected OwnedRecord()
    {
    }

    protected OwnedRecord(int ownerId, DateTime now)
    {
        OwnerId = ownerId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int OwnerId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Application-managed concurrency token: every save increments it, a stale one is refused.</summary>
    public long Version { get; private set; }

    public void AssignOwner(int ownerId) => OwnerId = ownerId;

    /// <summary>Marks the record changed: the update time moves and so does the concurrency token.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Trims optional text; empty is null; longer than <paramref name="maxLength"/> is refused, naming <paramref name="field"/>.</summary>
    protected static string? Optional(string? value, int maxLength, string field, string label)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return trimmed is { Length: var length } && length > maxLength
            ? throw new DomainRuleException($"The {label} has at most {maxLength} characters.", field)
            : trimmed;
    }
}
