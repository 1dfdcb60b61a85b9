namespace Oro.Opportunities.Domain.Auditing;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// One change to a record (spec §3.6): who, when, and each field's old and new value. The fields
/// are kept as one JSON document per change so that a bulk import writes one row per record.
/// </summary>
public sealed class AuditEntry
{
    public const int EntityTypeMaxLength = 50;

    public AuditEntry(string entityType, int entityId, AuditAction action, int? userId, DateTime at, string changesJson)
    {
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        UserId = userId;
        At = at;
        ChangesJson = changesJson;
    }

    public long Id { get; private set; }

    public string EntityType { get; private set; }

    public int EntityId { get; set; }

    public AuditAction Action { get; private set; }

    public int? UserId { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>[{"Field":"StatusCode","Old":"in_progress","New":"negotiation"}, ...] (<see cref="FieldChange"/>).</summary>
    public string ChangesJson { get; private set; }
}

/// <summary>One field's change inside an <see cref="AuditEntry"/>.</summary>
public sealed record FieldChange(string Field, string? Old, string? New);
