using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Users;

public enum UserStatus
{
    Enabled,
    Disabled,
    Locked,
}

public sealed record LookupOption(int Id, string Name);

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Paging.PageCount(TotalCount, PageSize);
}

public static class Paging
{
    /// <summary>An empty list still has one (empty) page.</summary>
    public static int PageCount(int totalCount, int pageSize) => Math.Max(1, (totalCount + pageSize - 1) / pageSize);
}

public sealed record UserListItem(
    int Id, string UserName, string FullName, string? Email, string? TeamName, IReadOnlyList<string> Roles, UserStatus Status, DateTime CreatedAt);

public sealed record UserDetails(
    int Id,
    string UserName,
    string FirstName,
    string LastName,
    string? Email,
    int? TeamId,
    string? TeamName,
    IReadOnlyList<LookupOption> Roles,
    bool IsEnabled,
    DateTimeOffset? LockoutEnd,
    int AccessFailedCount,
    DateTime CreatedAt,
    string? ConcurrencyStamp)
{
    /// <summary>The user's own time zone (IANA name); null means the system's.</summary>
    public string? TimeZone { get; init; }

    public string FullName => $"{FirstName} {LastName}".Trim();

    public UserStatus StatusAt(DateTimeOffset now) => UserStatuses.Of(IsEnabled, LockoutEnd, now);
}

/// <summary>What an administrator may set on a user; the password is set apart, on creation or by a reset.</summary>
/// <param name="ConcurrencyStamp">The stamp the edit form was built from; null skips the check.</param>
/// <param name="TimeZone">The user's time zone (IANA name); null or empty means the system's.</param>
public sealed record UserCommand(
    string UserName, string FirstName, string LastName, string Email, int? TeamId, IReadOnlyCollection<int> RoleIds, string? ConcurrencyStamp = null, string? TimeZone = null);

public static class UserStatuses
{
    /// <summary>Disabled wins over locked: unlocking a disabled user would not let them in.</summary>
    public static UserStatus Of(bool isEnabled, DateTimeOffset? lockoutEnd, DateTimeOffset now) =>
        !isEnabled ? UserStatus.Disabled
        : lockoutEnd > now ? UserStatus.Locked
        : UserStatus.Enabled;
}

/// <summary>Users administration (spec §11): list, create, edit, disable, reset password, unlock.</summary>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> users, ICurrentUser currentUser, TimeProvider clock)
{
    public const int PageSize = 25;

    private static readonly string AdministratorNormalized = SystemRoles.Administrator.ToUpperInvariant();

    public async Task<PagedList<UserListItem>> ListAsync(string? search, int page, CancellationToken cancellationToken = default)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Upper-cased on both sides so that the search ignores case on every provider
            // (SQLite's instr and PostgreSQL's strpos do not).
            var term = search.Trim().ToUpperInvariant();
#pragma warning disable CA1862 // StringComparison overloads do not translate to SQL.
            query = query.Where(u => u.NormalizedUserName!.Contains(term)
                || u.NormalizedEmail!.Contains(term)
                || (u.FirstName + " " + u.LastName).ToUpper().Contains(term));
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Paging.PageCount(total, PageSize));
        var rows = await query
            .OrderBy(u => u.NormalizedUserName)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.FirstName,
                u.LastName,
                u.Email,
                TeamName = u.Team == null ? null : u.Team.Name,
                u.IsEnabled,
                u.LockoutEnd,
                u.CreatedAt,
            })
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where ids.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name ?? string.Empty);

        var now = clock.GetUtcNow();
        var items = rows.Select(r => new UserListItem(
                r.Id,
                r.UserName ?? string.Empty,
                $"{r.FirstName} {r.LastName}".Trim(),
                r.Email,
                r.TeamName,
                [.. roles[r.Id].Order(StringComparer.OrdinalIgnoreCase)],
                UserStatuses.Of(r.IsEnabled, r.LockoutEnd, now),
                r.CreatedAt))
            .ToList();
        return new PagedList<UserListItem>(items, page, PageSize, total);
    }

    public async Task<UserDetails?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new UserDetails(
                u.Id,
                u.UserName ?? string.Empty,
                u.FirstName,
                u.LastName,
                u.Email,
                u.TeamId,
                u.Team == null ? null : u.Team.Name,
                Array.Empty<LookupOption>(),
                u.IsEnabled,
                u.LockoutEnd,
                u.AccessFailedCount,
                u.CreatedAt,
                u.ConcurrencyStamp)
            {
                TimeZone = u.TimeZone,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == id
                orderby role.Name
                select new LookupOption(role.Id, role.Name ?? string.Empty))
            .ToListAsync(cancellationToken);
        return user with { Roles = roles };
    }

    public async Task<IReadOnlyList<LookupOption>> GetTeamOptionsAsync(CancellationToken cancellationToken = default) =>
        await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new LookupOption(t.Id, t.Name)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<LookupOption>> GetRoleOptionsAsync(CancellationToken cancellationToken = default) =>
        await db.Roles.AsNoTracking()
            .OrderByDescending(r => r.IsSystem).ThenBy(r => r.Name)
            .Select(r => new LookupOption(r.Id, r.Name ?? string.Empty))
            .ToListAsync(cancellationToken);

    public async Task<int> CreateAsync(UserCommand command, string password, CancellationToken cancellationToken = default)
    {
        var roleNames = await RoleNamesAsync(command.RoleIds, cancellationToken);
        await EnsureTeamExistsAsync(command.TeamId, cancellationToken);
        var user = new AppUser { CreatedAt = clock.GetUtcNow().UtcDateTime };
        Apply(command, user);

        await db.InTransactionAsync(
            async () =>
            {
                (await users.CreateAsync(user, password)).ThrowIfFailed();
                (await users.AddToRolesAsync(user, roleNames)).ThrowIfFailed();
            },
            cancellationToken);
        return user.Id;
    }

    public async Task<bool> UpdateAsync(int id, UserCommand command, CancellationToken cancellationToken = default)
    {
        var user = await FindTrackedAsync(id);
        if (user is null)
        {
            return false;
        }

        IdentityResults.EnsureUnchangedSince(command.ConcurrencyStamp, user.ConcurrencyStamp);
        AdministratorRules.EnsureBootstrapNameKept(user.UserName ?? string.Empty, command.UserName.Trim());
        var roleNames = await RoleNamesAsync(command.RoleIds, cancellationToken);
        await EnsureTeamExistsAsync(command.TeamId, cancellationToken);
        var currentRoles = await users.GetRolesAsync(user);
        var losesAdministrator = user.IsEnabled
            && currentRoles.Contains(SystemRoles.Administrator)
            && !roleNames.Contains(SystemRoles.Administrator);
        if (losesAdministrator)
        {
            AdministratorRules.EnsureAnAdministratorRemains(true, await CountOtherEnabledAdministratorsAsync(user.Id, cancellationToken), "RoleIds");
        }

        Apply(command, user);
        await db.InTransactionAsync(
            async () =>
            {
                (await users.UpdateAsync(user)).ThrowIfFailed();
                var removed = currentRoles.Except(roleNames).ToList();
                if (removed.Count > 0)
                {
                    (await users.RemoveFromRolesAsync(user, removed)).ThrowIfFailed();
                }

                var added = roleNames.Except(currentRoles).ToList();
                if (added.Count > 0)
                {
                    (await users.AddToRolesAsync(user, added)).ThrowIfFailed();
                }
            },
            cancellationToken);
        return true;
    }

    public async Task<bool> DisableAsync(int id, CancellationToken cancellationToken = default)
    {
        var user = await FindTrackedAsync(id);
        if (user is null)
        {
            return false;
        }

        AdministratorRules.EnsureNotSelf(user.Id, currentUser.UserId, "disable");
        if (!user.IsEnabled)
        {
            return true;
        }

        if (await users.IsInRoleAsync(user, SystemRoles.Administrator))
        {
            AdministratorRules.EnsureAnAdministratorRemains(true, await CountOtherEnabledAdministratorsAsync(user.Id, cancellationToken));
        }

        user.IsEnabled = false;

        // One save stores the flag with a new security stamp, so the user's open sessions fail their next stamp check.
        (await users.UpdateSecurityStampAsync(user)).ThrowIfFailed();
        return true;
    }

    public async Task<bool> EnableAsync(int id)
    {
        var user = await FindTrackedAsync(id);
        if (user is null)
        {
            return false;
        }

        if (!user.IsEnabled)
        {
            user.IsEnabled = true;
            (await users.UpdateAsync(user)).ThrowIfFailed();
        }

        return true;
    }

    /// <summary>Sets a new password chosen by an administrator; the new security stamp ends the user's open sessions.</summary>
    public async Task<bool> ResetPasswordAsync(int id, string newPassword)
    {
        var user = await FindTrackedAsync(id);
        if (user is null)
        {
            return false;
        }

        // The reset token path validates the password before touching the hash and updates the
        // security stamp, all in one save: remove-then-add could leave the user without a password.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        (await users.ResetPasswordAsync(user, token, newPassword)).ThrowIfFailed();
        return true;
    }

    public async Task<bool> UnlockAsync(int id)
    {
        var user = await FindTrackedAsync(id);
        if (user is null)
        {
            return false;
        }

        (await users.SetLockoutEndDateAsync(user, null)).ThrowIfFailed();
        (await users.ResetAccessFailedCountAsync(user)).ThrowIfFailed();
        return true;
    }

    /// <summary>A user sets their own time zone (their profile); null or empty means the system's.</summary>
    public async Task SetOwnTimeZoneAsync(string? timeZone, CancellationToken cancellationToken = default)
    {
        var user = currentUser.UserId is int id ? await FindTrackedAsync(id) : null;
        if (user is null)
        {
            throw new Common.NotFoundException();
        }

        user.TimeZone = ValidTimeZone(timeZone);
        cancellationToken.ThrowIfCancellationRequested();
        (await users.UpdateAsync(user)).ThrowIfFailed();
    }

    /// <summary>A known IANA zone name as stored, or null for "the system's".</summary>
    public static string? ValidTimeZone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return null;
        }

        var zone = Common.TimeZones.Find(timeZone) ?? throw new DomainRuleException("Choose a time zone from the list.", "TimeZone");
        return Common.TimeZones.IanaId(zone) ?? zone.Id;
    }

    private static void Apply(UserCommand command, AppUser user)
    {
        user.TimeZone = ValidTimeZone(command.TimeZone);
        user.UserName = command.UserName.Trim();
        user.FirstName = command.FirstName.Trim();
        user.LastName = command.LastName.Trim();
        user.Email = command.Email.Trim();
        user.TeamId = command.TeamId;
    }

    private Task<AppUser?> FindTrackedAsync(int id) => users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));

    private async Task<List<string>> RoleNamesAsync(IReadOnlyCollection<int> roleIds, CancellationToken cancellationToken)
    {
        var ids = roleIds.Distinct().ToList();
        var names = await db.Roles.Where(r => ids.Contains(r.Id)).Select(r => r.Name!).ToListAsync(cancellationToken);
        if (names.Count == 0)
        {
            throw new DomainRuleException("Choose at least one role.", "RoleIds");
        }

        if (names.Count != ids.Count)
        {
            throw new DomainRuleException("One of the chosen roles no longer exists. Reload the page and choose again.", "RoleIds");
        }

        return names;
    }

    private async Task EnsureTeamExistsAsync(int? teamId, CancellationToken cancellationToken)
    {
        if (teamId is int id && !await db.Teams.AnyAsync(t => t.Id == id, cancellationToken))
        {
            throw new DomainRuleException("The chosen team no longer exists. Reload the page and choose again.", "TeamId");
        }
    }

    private Task<int> CountOtherEnabledAdministratorsAsync(int userId, CancellationToken cancellationToken) =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         join user in db.Users on userRole.UserId equals user.Id
         where role.NormalizedName == AdministratorNormalized && user.IsEnabled && user.Id != userId
         select user.Id)
        .CountAsync(cancellationToken);
}
