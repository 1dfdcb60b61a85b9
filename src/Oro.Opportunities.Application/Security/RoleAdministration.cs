using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Security;

/// <summary>A role's access levels per entity and action, and its capabilities (spec §11).</summary>
public sealed record PermissionMatrix(
    IReadOnlyDictionary<(SecuredEntity Entity, PermissionAction Action), AccessLevel> Levels,
    IReadOnlySet<Capability> Capabilities)
{
    public static PermissionMatrix Empty { get; } = new(new Dictionary<(SecuredEntity, PermissionAction), AccessLevel>(), new HashSet<Capability>());

    public AccessLevel Level(SecuredEntity entity, PermissionAction action) =>
        Levels.GetValueOrDefault((entity, action), AccessLevel.None);
}

public sealed record RoleListItem(int Id, string Name, string? Description, bool IsSystem, int UserCount);

public sealed record RoleMember(int Id, string UserName, string FullName, bool IsEnabled);

public sealed record RoleDetails(
    int Id, string Name, string? Description, bool IsSystem, string? ConcurrencyStamp, PermissionMatrix Matrix, IReadOnlyList<RoleMember> Members);

/// <param name="ConcurrencyStamp">The stamp the edit form was built from; null skips the check.</param>
public sealed record RoleCommand(string Name, string? Description, PermissionMatrix Matrix, string? ConcurrencyStamp = null);

/// <summary>
/// Roles administration. The matrix is read from the database on every request (see <see cref="AccessControl"/>),
/// so a saved change applies from the next request on.
/// </summary>
public sealed class RoleAdministration(AppDbContext db, RoleManager<AppRole> roles)
{
    public async Task<IReadOnlyList<RoleListItem>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Roles.AsNoTracking()
            .OrderByDescending(r => r.IsSystem).ThenBy(r => r.Name)
            .Select(r => new RoleListItem(r.Id, r.Name ?? string.Empty, r.Description, r.IsSystem, db.UserRoles.Count(ur => ur.RoleId == r.Id)))
            .ToListAsync(cancellationToken);

    public async Task<RoleDetails?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return null;
        }

        var levels = await db.RolePermissions.AsNoTracking()
            .Where(p => p.RoleId == id)
            .ToDictionaryAsync(p => (p.Entity, p.Action), p => p.Level, cancellationToken);
        var capabilities = await db.RoleCapabilities.AsNoTracking()
            .Where(c => c.RoleId == id)
            .Select(c => c.Capability)
            .ToListAsync(cancellationToken);
        var members = await (
                from userRole in db.UserRoles
                join user in db.Users on userRole.UserId equals user.Id
                where userRole.RoleId == id
                orderby user.NormalizedUserName
                select new RoleMember(user.Id, user.UserName ?? string.Empty, (user.FirstName + " " + user.LastName).Trim(), user.IsEnabled))
            .ToListAsync(cancellationToken);
        return new RoleDetails(
            role.Id, role.Name ?? string.Empty, role.Description, role.IsSystem, role.ConcurrencyStamp, new PermissionMatrix(levels, capabilities.ToHashSet()), members);
    }

    public async Task<int> CreateAsync(RoleCommand command, CancellationToken cancellationToken = default)
    {
        var role = new AppRole(command.Name.Trim()) { Description = Normalize(command.Description), IsSystem = false };
        await db.InTransactionAsync(
            async () =>
            {
                (await roles.CreateAsync(role)).ThrowIfFailed();
                await WriteMatrixAsync(role.Id, command.Matrix, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            },
            cancellationToken);
        return role.Id;
    }

    public async Task<bool> UpdateAsync(int id, RoleCommand command, CancellationToken cancellationToken = default)
    {
        var role = await db.Roles.FindAsync([id], cancellationToken);
        if (role is null)
        {
            return false;
        }

        IdentityResults.EnsureUnchangedSince(command.ConcurrencyStamp, role.ConcurrencyStamp);
        var name = command.Name.Trim();
        if (role.IsSystem && !string.Equals(name, role.Name, StringComparison.Ordinal))
        {
            // Code refers to the system roles by name (seeding, the Administrator guard).
            throw new DomainRuleException($"The system role '{role.Name}' cannot be renamed.", "Name");
        }

        AdministratorRules.EnsureAdministratorMatrixKeepsControl(role.Name ?? string.Empty, command.Matrix.Levels, command.Matrix.Capabilities);

        role.Name = name;
        role.Description = Normalize(command.Description);
        await WriteMatrixAsync(role.Id, command.Matrix, cancellationToken);

        // RoleManager validates the name and saves through this same context, so the role and its
        // matrix are stored by one SaveChanges, atomically.
        (await roles.UpdateAsync(role)).ThrowIfFailed();
        return true;
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var role = await db.Roles.FindAsync([id], cancellationToken);
        if (role is null)
        {
            return false;
        }

        if (role.IsSystem)
        {
            throw new DomainRuleException($"The system role '{role.Name}' cannot be deleted.");
        }

        var users = await db.UserRoles.CountAsync(ur => ur.RoleId == id, cancellationToken);
        if (users > 0)
        {
            throw new DomainRuleException(
                $"The role '{role.Name}' is given to {users} user{(users == 1 ? "" : "s")}. Take it away from them before deleting it.");
        }

        // Its permission rows go with it (cascading foreign keys).
        (await roles.DeleteAsync(role)).ThrowIfFailed();
        return true;
    }

    private static string? Normalize(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    /// <summary>Stages every cell and capability of the matrix; rows are kept for None too, so the matrix stays complete.</summary>
    private async Task WriteMatrixAsync(int roleId, PermissionMatrix matrix, CancellationToken cancellationToken)
    {
        var cells = await db.RolePermissions.Where(p => p.RoleId == roleId).ToDictionaryAsync(p => (p.Entity, p.Action), cancellationToken);
        foreach (var entity in Enum.GetValues<SecuredEntity>())
        {
            foreach (var action in Enum.GetValues<PermissionAction>())
            {
                var level = matrix.Level(entity, action);
                if (cells.TryGetValue((entity, action), out var cell))
                {
                    cell.Level = level;
                }
                else
                {
                    db.RolePermissions.Add(new RolePermission(roleId, entity, action, level));
                }
            }
        }

        var granted = await db.RoleCapabilities.Where(c => c.RoleId == roleId).ToListAsync(cancellationToken);
        db.RoleCapabilities.RemoveRange(granted.Where(c => !matrix.Capabilities.Contains(c.Capability)));
        db.RoleCapabilities.AddRange(matrix.Capabilities
            .Where(c => granted.All(g => g.Capability != c))
            .Select(c => new RoleCapability(roleId, c)));
    }
}
