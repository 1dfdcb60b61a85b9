using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Users;

/// <summary>The first breadcrumb steps of the user, team and role administration pages.</summary>
public static class SystemCrumbs
{
    public static Breadcrumb System { get; } = new("System");

    public static Breadcrumb Users { get; } = new("Users", "/system/users");

    public static Breadcrumb Teams { get; } = new("Teams", "/system/teams");

    public static Breadcrumb Roles { get; } = new("Roles", "/system/roles");
}
