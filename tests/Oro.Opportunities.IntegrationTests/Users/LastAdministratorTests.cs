using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Users.AdministrationTestSupport;

namespace Oro.Opportunities.IntegrationTests.Users;

/// <summary>
/// Tests that need to know how many enabled Administrators exist, so they have a database of their
/// own: here <c>admin</c> is the only one unless a test adds another (and disables it again).
/// </summary>
public sealed class LastAdministratorTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{

    [Fact]
    public async Task The_last_enabled_administrator_can_be_neither_disabled_nor_stripped_of_the_role()
    {
        var factory = fixture.Start();
        var manager = await UserManagerClientAsync(factory);
        var adminId = await factory.UserIdAsync("admin");

        var disable = await manager.PostFormAsync($"/system/users/{adminId}/disable", [], tokenPage: $"/system/users/{adminId}");
        var disablePage = await manager.GetStringAsync(disable.Headers.Location!.OriginalString);
        var form = await manager.GetFormAsync($"/system/users/{adminId}/edit", "data-testid=\"user-form\"");
        var salesRep = await factory.WithDbAsync(db => db.Roles.Where(r => r.Name == SystemRoles.SalesRep).Select(r => r.Id).SingleAsync());
        var strip = await form.Set("RoleIds", salesRep.ToString()).PostAsync(manager, $"/system/users/{adminId}/edit");

        Assert.Contains("last enabled Administrator", disablePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, strip.StatusCode);
        Assert.Matches("data-valmsg-for=\"RoleIds\"[^>]*>This is the last enabled Administrator", await strip.Content.ReadAsStringAsync());
        var admin = await factory.WithDbAsync(async db => new
        {
            (await db.Users.SingleAsync(u => u.Id == adminId)).IsEnabled,
            Roles = await db.UserRoles.CountAsync(ur => ur.UserId == adminId),
        });
        Assert.True(admin.IsEnabled);
        Assert.Equal(1, admin.Roles);
    }

    [Fact]
    public async Task An_administrator_can_be_disabled_while_another_enabled_one_remains()
    {
        var factory = fixture.Start();
        var manager = await UserManagerClientAsync(factory);
        var second = await factory.CreateUserAsync("admin2" + Unique(), Password, [SystemRoles.Administrator]);

        var response = await manager.PostFormAsync($"/system/users/{second.Id}/disable", [], tokenPage: $"/system/users/{second.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == second.Id).Select(u => u.IsEnabled).SingleAsync()));
        Assert.Contains("disabled", await manager.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    /// <summary>A user who manages users without being an Administrator, so the self-rule does not hide the last-admin rule.</summary>
    private static async Task<HttpClient> UserManagerClientAsync(OroAppFactory factory)
    {
        var roleName = "User managers " + Unique();
        using (var scope = factory.Services.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>();
            var role = new AppRole(roleName);
            await roles.CreateAsync(role);
            await factory.WithDbAsync(async db =>
            {
                db.RoleCapabilities.Add(new RoleCapability(role.Id, Capability.ManageUsers));
                await db.SaveChangesAsync();
            });
        }

        var name = "um" + Unique();
        await factory.CreateUserAsync(name, Password, [roleName]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);
        return client;
    }
}
