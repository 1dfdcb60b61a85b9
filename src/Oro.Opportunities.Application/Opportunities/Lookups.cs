using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Opportunities;

public sealed record LookupItem(int Id, string Text, string? Detail = null);

/// <summary>
/// The owner and team lists of every grid's filter bar, per security revision (users and teams bump it):
/// without a search term they are the same on every page load.
/// </summary>
public sealed class LookupCache : RevisionCache<string, IReadOnlyList<LookupItem>>;

/// <summary>Searches for the pickers (account, contact, owner): only records the user may see, at most 20.</summary>
public sealed class Lookups(AppDbContext db, AccessControl accessControl, LookupCache? cache = null)
{
    private const int Limit = 20;

    public async Task<IReadOnlyList<LookupItem>> AccountsAsync(string? term, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var query = db.Accounts.AsNoTracking().Permitted(db, access);
        if (!string.IsNullOrWhiteSpace(term))
        {
            var text = term.Trim();
            query = query.Where(a => a.Name.Contains(text));
        }

        return await query.OrderBy(a => a.Name).Take(Limit).Select(a => new LookupItem(a.Id, a.Name, null)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LookupItem>> ContactsAsync(string? term, int? accountId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var query = db.Contacts.AsNoTracking().Permitted(db, access);
        if (accountId is int account)
        {
            query = query.Where(c => c.AccountId == account || c.AccountId == null);
        }

        if (!string.IsNullOrWhiteSpace(term))
        {
            var text = term.Trim();
            query = query.Where(c => (c.FirstName + " " + c.LastName).Contains(text) || (c.Email != null && c.Email.Contains(text)));
        }

        return await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(Limit)
            .Select(c => new LookupItem(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Users the current user may make owner: themselves, their team, or everyone, by their Assign level.</summary>
    public async Task<IReadOnlyList<LookupItem>> OwnersAsync(string? term, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var level = access.Level(SecuredEntity.Opportunity, PermissionAction.Assign);
        if (string.IsNullOrWhiteSpace(term))
        {
            var key = level switch
            {
                AccessLevel.All => "owners|all",
                AccessLevel.Team when access.TeamId is int team => $"owners|team{team}|user{access.UserId}",
                _ => $"owners|user{access.UserId}",
            };
            return await CachedAsync(key, () => OwnersQueryAsync(access, level, null, cancellationToken), cancellationToken);
        }

        return await OwnersQueryAsync(access, level, term, cancellationToken);
    }

    /// <summary>All teams, for the grid's team filter (team names are not confidential).</summary>
    public Task<IReadOnlyList<LookupItem>> TeamsAsync(CancellationToken cancellationToken = default) =>
        CachedAsync("teams", async () => (IReadOnlyList<LookupItem>)await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new LookupItem(t.Id, t.Name, null)).ToListAsync(cancellationToken), cancellationToken);

    private Task<IReadOnlyList<LookupItem>> CachedAsync(string key, Func<Task<IReadOnlyList<LookupItem>>> load, CancellationToken cancellationToken) =>
        cache is null ? load() : cache.GetOrAddAsync(db, Domain.Configuration.DataRevision.Security, key, load, cancellationToken: cancellationToken);

    private async Task<IReadOnlyList<LookupItem>> OwnersQueryAsync(UserAccess access, AccessLevel level, string? term, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking().Where(u => u.IsEnabled);
        query = level switch
        {
            AccessLevel.All => query,
            AccessLevel.Team when access.TeamId is int team => query.Where(u => u.Id == access.UserId || u.TeamId == team),
            _ => query.Where(u => u.Id == access.UserId),
        };
        if (!string.IsNullOrWhiteSpace(term))
        {
            var text = term.Trim();
            query = query.Where(u => u.UserName!.Contains(text) || (u.FirstName + " " + u.LastName).Contains(text));
        }

        return await query.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).Take(200)
            .Select(u => new LookupItem(u.Id, (u.FirstName + " " + u.LastName).Trim() == "" ? u.UserName! : (u.FirstName + " " + u.LastName).Trim(), u.UserName))
            .ToListAsync(cancellationToken);
    }

    public async Task<string?> AccountNameAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> ContactNameAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => c.Id == id).Select(c => (c.FirstName + " " + c.LastName).Trim()).FirstOrDefaultAsync(cancellationToken);
    }
}
