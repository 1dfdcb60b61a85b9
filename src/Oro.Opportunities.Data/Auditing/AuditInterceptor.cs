using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Oro.Opportunities.Domain.Auditing;

namespace Oro.Opportunities.Data.Auditing;

/// <summary>Who is changing data; the web layer provides the signed-in user, jobs their own.</summary>
public interface IAuditContext
{
    int? UserId { get; }
}

/// <summary>
/// Writes the field-level audit trail of spec §3.6 for every save of a record whose class is marked
/// <see cref="AuditedAttribute"/>, whatever the path. A created record gets its id only after the
/// insert, so its entry is completed in a second save inside the same transaction.
/// </summary>
public sealed class AuditInterceptor(IAuditContext auditContext) : SaveChangesInterceptor
{
    // Bookkeeping columns every record has; values derived from others are marked [NotAudited] where they are declared.
    private static readonly HashSet<string> Bookkeeping = ["Id", "Version", "CreatedAt", "UpdatedAt"];

    private static readonly ConcurrentDictionary<Type, string?> AuditNames = new();
    private static readonly ConcurrentDictionary<(Type, string), bool> AuditedProperties = new();

    /// <summary>The audit trail's name for an entity type (null when the type is not audited).</summary>
    public static string? AuditName(Type entityType) =>
        AuditNames.GetOrAdd(entityType, type => type.GetCustomAttribute<AuditedAttribute>(inherit: false)?.Name);

    /// <summary>Whether changes of a property of <paramref name="entityType"/> are recorded in the audit trail.</summary>
    public static bool IsAudited(Type entityType, string propertyName) =>
        AuditedProperties.GetOrAdd((entityType, propertyName), key =>
            !Bookkeeping.Contains(key.Item2) && key.Item1.GetProperty(key.Item2)?.GetCustomAttribute<NotAuditedAttribute>() is null);

    private List<(EntityEntry Entry, AuditEntry Audit)>? pendingCreates;
    private IDbContextTransaction? ownTransaction;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && pendingCreates is null)
        {
            await CollectAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && pendingCreates is null)
        {
            CollectAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && pendingCreates is { } creates)
        {
            // Cleared before the second save, which runs this interceptor again.
            pendingCreates = null;
            var transaction = ownTransaction;
            ownTransaction = null;
            foreach (var (entry, audit) in creates)
            {
                audit.EntityId = (int)entry.Property("Id").CurrentValue!;
            }

            try
            {
                await context.SaveChangesAsync(cancellationToken);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        pendingCreates = null;
        if (ownTransaction is not null)
        {
            await ownTransaction.RollbackAsync(cancellationToken);
            await ownTransaction.DisposeAsync();
            ownTransaction = null;
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    private async ValueTask CollectAsync(DbContext context, CancellationToken cancellationToken)
    {
        context.ChangeTracker.DetectChanges();
        var now = DateTime.UtcNow;
        var audits = new List<AuditEntry>();
        List<(EntityEntry, AuditEntry)>? creates = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (AuditName(entry.Metadata.ClrType) is not { } entityType
                || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            var id = entry.State == EntityState.Added ? 0 : (int)entry.Property("Id").CurrentValue!;
            var audit = new AuditEntry(entityType, id, action, auditContext.UserId, now, JsonSerializer.Serialize(changes));
            audits.Add(audit);
            if (entry.State == EntityState.Added)
            {
                (creates ??= []).Add((entry, audit));
            }
        }

        context.AddRange(audits);
        if (creates is not null)
        {
            pendingCreates = creates;
            if (context.Database.CurrentTransaction is null)
            {
                ownTransaction = await context.Database.BeginTransactionAsync(cancellationToken);
            }
        }
    }

    private static List<FieldChange> Changes(EntityEntry entry)
    {
        var changes = new List<FieldChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (!IsAudited(entry.Metadata.ClrType, name))
            {
                continue;
            }

            var (old, current) = entry.State switch
            {
                EntityState.Added => (null, Format(property.CurrentValue)),
                EntityState.Deleted => (Format(property.OriginalValue), null),
                _ when property.IsModified => (Format(property.OriginalValue), Format(property.CurrentValue)),
                _ => (null, null),
            };
            if (old != current)
            {
                changes.Add(new FieldChange(name, old, current));
            }
        }

        return changes;
    }

    /// <summary>A value as the audit trail writes it; bulk writers use the same format.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
