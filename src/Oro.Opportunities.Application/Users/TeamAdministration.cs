using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Organization;

namespace Oro.Opportunities.Application.Users;

public sealed record TeamListItem(int Id, string Name, string? Description, int MemberCount);

public sealed record TeamMember(int Id, string UserName, string FullName, string? Email, bool IsEnabled);

public sealed record TeamDetails(int Id, string Name, string? Description, IReadOnlyList<TeamMember> Members);

public sealed record TeamCommand(string Name, string? Description);

/// <summary>Teams (business units) administration: the Team access level reaches the records of a team's members.</summary>
public sealed class TeamAdministration(AppDbContext db)
{
    public async Task<IReadOnlyList<TeamListItem>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Teams.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TeamListItem(t.Id, t.Name, t.Description, db.Users.Count(u => u.TeamId == t.Id)))
            .ToListAsync(cancellationToken);

    public async Task<TeamDetails?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking()
            .Where(u => u.TeamId == id)
            .OrderBy(u => u.NormalizedUserName)
            .Select(u => new TeamMember(u.Id, u.UserName ?? string.Empty, (u.FirstName + " " + u.LastName).Trim(), u.Email, u.IsEnabled))
            .ToListAsync(cancellationToken);
        return new TeamDetails(team.Id, team.Name, team.Description, members);
    }

    public async Task<int> CreateAsync(TeamCommand command, CancellationToken cancellationToken = default)
    {
        var name = command.Name.Trim();
        await EnsureNameFreeAsync(name, exceptId: null, cancellationToken);
        var team = new Team(name, Normalize(command.Description));
        db.Teams.Add(team);
        await SaveAsync(name, exceptId: null, cancellationToken);
        return team.Id;
    }

    public async Task<bool> UpdateAsync(int id, TeamCommand command, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.FindAsync([id], cancellationToken);
        if (team is null)
        {
            return false;
        }

        var name = command.Name.Trim();
        await EnsureNameFreeAsync(name, id, cancellationToken);
        team.Name = name;
        team.Description = Normalize(command.Description);
        await SaveAsync(name, id, cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.FindAsync([id], cancellationToken);
        if (team is null)
        {
            return false;
        }

        // Deleting would leave its members without a team and change what Team-level roles let them see.
        var members = await db.Users.CountAsync(u => u.TeamId == id, cancellationToken);
        if (members > 0)
        {
            throw new DomainRuleException(
                $"The team '{team.Name}' still has {members} member{(members == 1 ? "" : "s")}. Move them to another team before deleting it.");
        }

        db.Teams.Remove(team);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string? Normalize(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    private async Task EnsureNameFreeAsync(string name, int? exceptId, CancellationToken cancellationToken)
    {
        if (await IsNameTakenAsync(name, exceptId, cancellationToken))
        {
            throw new DomainRuleException($"A team named '{name}' already exists.", "Name");
        }
    }

    private Task<bool> IsNameTakenAsync(string name, int? exceptId, CancellationToken cancellationToken)
    {
        // Case-insensitive on every provider; the unique index only guards the exact spelling.
        var upper = name.ToUpperInvariant();
#pragma warning disable CA1862 // StringComparison overloads do not translate to SQL.
        return db.Teams.AnyAsync(t => t.Name.ToUpper() == upper && t.Id != exceptId, cancellationToken);
#pragma warning restore CA1862
    }

    private async Task SaveAsync(string name, int? exceptId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two administrators saving the same name at once: the unique index refuses the second.
            if (await IsNameTakenAsync(name, exceptId, cancellationToken))
            {
                throw new DomainRuleException($"A team named '{name}' already exists.", "Name");
            }

            throw;
        }
    }
}
