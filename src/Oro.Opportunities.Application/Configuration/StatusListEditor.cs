using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Application.Configuration;

/// <summary>One row of the status list as the administrator submitted it.</summary>
public sealed record StatusChange(int Id, string Label, int DefaultProbability);

/// <summary>
/// Changes to the status list of spec §2 (Probabilities). The rules themselves live in
/// <see cref="OpportunityStatus"/> and <see cref="StatusList"/>; this class loads, applies and saves.
/// </summary>
public sealed class StatusListEditor(ConfigurationWriter writer, IStatusUsage usage)
{
    /// <summary>
    /// Renames, re-weights and reorders the whole list in one save. <paramref name="statusesInOrder"/>
    /// lists every status in its new order. A refused row is reported with the field path
    /// <c>Statuses[id].Field</c>, so the message can be shown beside that row's input.
    /// </summary>
    public async Task SaveStatusesAsync(IReadOnlyList<StatusChange> statusesInOrder, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var statuses = await db.OpportunityStatuses.ToListAsync(cancellationToken);
        foreach (var change in statusesInOrder)
        {
            var status = statuses.FirstOrDefault(s => s.Id == change.Id)
                ?? throw new DomainRuleException("A status in the list no longer exists. Reload the page to see the current list.");
            try
            {
                status.Rename(change.Label);
                status.ChangeDefaultProbability(change.DefaultProbability);
            }
            catch (DomainRuleException ex)
            {
                throw new DomainRuleException(ex.Message, RowField(change.Id, ex.Field));
            }
        }

        // Two columns of the board with one name cannot be told apart: labels are unique, ignoring case and spaces.
        var duplicate = statusesInOrder
            .Select(change => statuses.First(s => s.Id == change.Id))
            .GroupBy(s => LabelKey(s.Label))
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainRuleException(
                $"Two statuses are named '{duplicate.First().Label.Trim()}'. Give each status a name of its own.", RowField(duplicate.Last().Id, null));
        }

        StatusList.Reorder(statuses, statusesInOrder.Select(s => s.Id).ToList());
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }

    /// <summary>Adds an open status after the last open one, so Won and Lost stay the last columns of the board.</summary>
    public async Task<string> AddStatusAsync(string label, int defaultProbability, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var statuses = await db.OpportunityStatuses.OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        if (statuses.FirstOrDefault(s => LabelKey(s.Label) == LabelKey(label)) is { } existing)
        {
            throw new DomainRuleException($"A status named '{existing.Label.Trim()}' already exists. Give the new status a name of its own.", "Label");
        }

        var code = StatusList.UniqueCode(label, statuses.Select(s => s.Code));
        var lastOpen = statuses.LastOrDefault(s => !s.IsClosed);
        var status = new OpportunityStatus(code, label, defaultProbability, StatusKind.Open, (lastOpen?.SortOrder ?? 0) + 5);
        db.OpportunityStatuses.Add(status);

        // Renumber ten apart so the half-step above never collides with a later insert.
        var ordered = statuses.ToList();
        ordered.Insert(lastOpen is null ? 0 : ordered.IndexOf(lastOpen) + 1, status);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo((i + 1) * 10);
        }

        await writer.SaveAsync(expectedRevision, cancellationToken);
        return code;
    }

    private static string LabelKey(string label) => label.Trim().ToUpperInvariant();

    public async Task<StatusDeletionInfo?> GetDeletionInfoAsync(int statusId, CancellationToken cancellationToken = default)
    {
        var status = await writer.Db.OpportunityStatuses.AsNoTracking()
            .Where(s => s.Id == statusId)
            .Select(s => new { s.Id, s.Label, s.IsSystem })
            .FirstOrDefaultAsync(cancellationToken);
        return status is null
            ? null
            : new StatusDeletionInfo(status.Id, status.Label, status.IsSystem, await usage.CountAsync(statusId, cancellationToken));
    }

    /// <summary>
    /// Deletes a status; when records use it they move to <paramref name="moveToStatusId"/> first,
    /// in the same transaction, so a refused save leaves them where they were.
    /// </summary>
    public async Task DeleteStatusAsync(int statusId, int? moveToStatusId, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var status = await db.OpportunityStatuses.FirstOrDefaultAsync(s => s.Id == statusId, cancellationToken)
            ?? throw new DomainRuleException("This status no longer exists. Reload the page to see the current list.");
        var moveTo = moveToStatusId is int targetId
            ? await db.OpportunityStatuses.FirstOrDefaultAsync(s => s.Id == targetId, cancellationToken)
                ?? throw new DomainRuleException("The status chosen to move the opportunities to no longer exists.", "MoveTo")
            : null;
        var count = await usage.CountAsync(statusId, cancellationToken);
        StatusList.EnsureCanDelete(status, count, moveTo);

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (count > 0)
        {
            await usage.MoveAsync(statusId, moveTo!.Id, cancellationToken);
        }

        db.OpportunityStatuses.Remove(status);
        await writer.SaveAsync(expectedRevision, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string RowField(int statusId, string? field) =>
        FormattableString.Invariant($"Statuses[{statusId}].{field ?? nameof(StatusChange.Label)}");
}

/// <summary>What the administrator needs to know before deleting a status.</summary>
public sealed record StatusDeletionInfo(int Id, string Label, bool IsSystem, int UsageCount);
