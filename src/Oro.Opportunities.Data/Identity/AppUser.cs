using Microsoft.AspNetCore.Identity;
using Oro.Opportunities.Domain.Organization;

namespace Oro.Opportunities.Data.Identity;

/// <summary>A back-office user: Identity's account plus the name, team and enabled flag of spec §11.</summary>
public sealed class AppUser : IdentityUser<int>
{
    public const int NameMaxLength = 100;
    public const int TimeZoneMaxLength = 64;

    public string FirstName { get; set; } = string.Empty;

    public string LastName { get; set; } = string.Empty;

    public int? TeamId { get; set; }

    public Team? Team { get; set; }

    /// <summary>A disabled user cannot sign in; their records keep them as owner.</summary>
    public bool IsEnabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    /// <summary>The user's time zone (IANA name, e.g. "America/Chicago"); null means the system's (System → Configuration → Localization).</summary>
    public string? TimeZone { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(FirstName + LastName)
        ? UserName ?? string.Empty
        : $"{FirstName} {LastName}".Trim();
}

/// <summary>A role with a description; system roles cannot be deleted or renamed.</summary>
public sealed class AppRole : IdentityRole<int>
{
    public const int DescriptionMaxLength = 500;

    public AppRole()
    {
    }

    public AppRole(string name)
        : base(name)
    {
    }

    public string? Description { get; set; }

    public bool IsSystem { get; set; }
}
