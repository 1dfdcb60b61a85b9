using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Customers;

/// <summary>Who may own an account or contact, and the owner rule shared by both (spec §11, Assign).</summary>
public sealed class CustomerOwners(AppDbContext db, AccessControl accessControl)
{
    /// <summary>
    /// Users the current user may make owner of <paramref name="entity"/>: everyone, their team, or
    /// only themselves, by their Assign level. The record's current owner is always listed, because
    /// keeping the owner needs no Assign permission.
    /// </summary>
    public async Task<IReadOnlyList<LookupItem>> AssignableAsync(SecuredEntity entity, int? currentOwnerId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var userId = access.UserId;
        var current = currentOwnerId ?? 0;
        var users = db.Users.AsNoTracking();
        var query = access.Level(entity, PermissionAction.Assign) switch
        {
            AccessLevel.All => users.Where(u => u.IsEnabled || u.Id == current),
            AccessLevel.Team when access.TeamId is int team =>
                users.Where(u => (u.IsEnabled && (u.Id == userId || u.TeamId == team)) || u.Id == current),
            _ => users.Where(u => u.Id == userId || u.Id == current),
        };

        var rows = await query
            .Select(u => new { u.Id, u.UserName, u.FirstName, u.LastName })
            .ToListAsync(cancellationToken);
        return rows
            .Select(u => new LookupItem(u.Id, DisplayName(u.FirstName, u.LastName, u.UserName), u.UserName))
            .OrderBy(u => u.Text, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(u => u.Id)
            .ToList();
    }

    /// <summary>Refuses an owner the user may not assign to; the user themself is always allowed.</summary>
    public async Task EnsureCanAssignAsync(UserAccess access, SecuredEntity entity, int ownerId, string field, CancellationToken cancellationToken)
    {
        var owner = await db.Users.AsNoTracking()
            .Where(u => u.Id == ownerId && u.IsEnabled)
            .Select(u => new { u.Id, u.TeamId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainRuleException("Choose an active user as owner.", field);
        if (owner.Id == access.UserId)
        {
            return;
        }

        var level = access.Level(entity, PermissionAction.Assign);
        if (!AccessRules.Allows(level, access.UserId, access.TeamId, owner.Id, owner.TeamId))
        {
            throw new DomainRuleException(
                "You can only make yourself" + (level == AccessLevel.Team ? " or a member of your team" : string.Empty) + " the owner.",
                field);
        }
    }

    /// <summary>The team of a record's owner, for the per-record checks of <see cref="UserAccess.Can"/>.</summary>
    public Task<int?> TeamOfAsync(int ownerId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.TeamId).FirstOrDefaultAsync(cancellationToken);

    public static string DisplayName(string firstName, string lastName, string? userName)
    {
        var name = (firstName + " " + lastName).Trim();
        return name.Length == 0 ? userName ?? string.Empty : name;
    }
}

/// <summary>Paging and sorting state shared by the account and contact grids.</summary>
public abstract class CustomerSearch
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    /// <summary>Free text: name (and e-mail for contacts).</summary>
    public string? Q { get; set; }

    public string? Sort { get; set; }

    /// <summary>asc or desc.</summary>
    public string? Dir { get; set; }

    public int Page { get; set; } = 1;

    public int Size { get; set; } = DefaultPageSize;

    public int EffectiveSize => PageSizes.Contains(Size) ? Size : DefaultPageSize;

    public int EffectivePage => Math.Max(1, Page);

    /// <summary>The search text in lower case, for a case-insensitive match on every provider.</summary>
    public string? Term => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim().ToLowerInvariant();

    /// <summary>Clamps a requested page to the pages that exist (an old link to page 9 of 3 shows page 3).</summary>
    public static int ClampPage(int requested, int total, int size) =>
        Math.Min(requested, Math.Max(1, (int)Math.Ceiling(total / (double)size)));

    public (string Sort, bool Descending) EffectiveSort(IReadOnlyCollection<string> keys, string defaultSort, bool defaultDescending) =>
        Sort is { } sort && keys.Contains(sort)
            ? (sort, Dir == "desc")
            : (defaultSort, defaultDescending);
}

/// <summary>One page of a customer grid.</summary>
public sealed record GridPage<T>(IReadOnlyList<T> Items, int Total, int Page, int Size, string Sort, bool Descending)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)Size));
}
