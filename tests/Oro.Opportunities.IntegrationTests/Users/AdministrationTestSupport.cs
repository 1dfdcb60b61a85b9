using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Users;

/// <summary>Small steps shared by the users, teams and roles tests.</summary>
public static class AdministrationTestSupport
{
    public const string Password = "a-long-enough-password";

    /// <summary>A suffix that keeps names unique within the database a test class shares.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    public static async Task<HttpClient> SignedInAdminAsync(this OroAppFactory factory)
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return client;
    }

    public static Task<int> RoleIdAsync(this OroAppFactory factory, string role) =>
        factory.WithDbAsync(db => db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync());

    public static Task<int> UserIdAsync(this OroAppFactory factory, string userName) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}
