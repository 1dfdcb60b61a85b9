namespace Oro.Opportunities.Domain.Organization;

/// <summary>A business unit: users belong to one, and Team access levels reach its members' records.</summary>
public sealed class Team
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    public Team(string name, string? description = null)
    {
        Name = name;
        Description = description;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    public string? Description { get; set; }
}
