using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Domain.Organization;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Users.AdministrationTestSupport;

namespace Oro.Opportunities.IntegrationTests.Users;

public sealed class UserAdministrationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string UserForm = "data-testid=\"user-form\"";

    [Fact]
    public async Task An_administrator_creates_a_user_who_can_then_sign_in()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var team = await factory.WithDbAsync(async db =>
        {
            var created = new Team("Create " + Unique());
            db.Teams.Add(created);
            await db.SaveChangesAsync();
            return created;
        });
        var name = "new" + Unique();

        var form = await NewUserFormAsync(admin, name, await factory.RoleIdAsync(SystemRoles.SalesRep));
        var response = await form.Set("TeamId", team.Id.ToString()).PostAsync(admin, "/system/users/create");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == name));
        Assert.Equal($"/system/users/{user.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(team.Id, user.TeamId);
        Assert.True(user.IsEnabled);
        var details = await admin.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("created", details, StringComparison.Ordinal);
        Assert.Contains(SystemRoles.SalesRep, details, StringComparison.Ordinal);

        var newcomer = factory.CreateBrowserLikeClient();
        var signIn = await newcomer.LoginAsync(name, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_too_short_password_is_refused_with_identitys_message_beside_the_field()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "short" + Unique();

        var form = await NewUserFormAsync(admin, name, await factory.RoleIdAsync(SystemRoles.SalesRep));
        var response = await form.Set("Password", "short-pass1").Set("ConfirmPassword", "short-pass1").PostAsync(admin, "/system/users/create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Password\"[^>]*>Passwords must be at least 12 characters", html);
        Assert.DoesNotContain("short-pass1", html, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));
    }

    [Fact]
    public async Task A_user_name_taken_in_another_case_is_refused()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "dup" + Unique();
        await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);

        var form = await NewUserFormAsync(admin, name.ToUpperInvariant(), await factory.RoleIdAsync(SystemRoles.SalesRep));
        var response = await form.PostAsync(admin, "/system/users/create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"UserName\"[^>]*>[^<]*is already taken", await response.Content.ReadAsStringAsync());
        var normalized = name.ToUpperInvariant();
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedUserName == normalized)));
    }

    [Fact]
    public async Task A_user_needs_at_least_one_role_and_matching_passwords()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "norole" + Unique();

        var form = await NewUserFormAsync(admin, name, await factory.RoleIdAsync(SystemRoles.SalesRep));
        var response = await form.Remove("RoleIds").Set("ConfirmPassword", Password + "x").PostAsync(admin, "/system/users/create");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"RoleIds\"[^>]*>Choose at least one role", html);
        Assert.Matches("data-valmsg-for=\"ConfirmPassword\"[^>]*>The two passwords do not match", html);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));
    }

    [Fact]
    public async Task Editing_a_user_changes_names_team_and_roles()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("edit" + Unique(), Password, [SystemRoles.SalesRep]);
        var managerRole = await factory.RoleIdAsync(SystemRoles.SalesManager);

        var form = await admin.GetFormAsync($"/system/users/{user.Id}/edit", UserForm);
        var response = await form
            .Set("FirstName", "Renamed")
            .Set("Email", "renamed@example.com")
            .Set("RoleIds", managerRole.ToString())
            .PostAsync(admin, $"/system/users/{user.Id}/edit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await factory.WithDbAsync(async db => new
        {
            User = await db.Users.SingleAsync(u => u.Id == user.Id),
            Roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Select(ur => ur.RoleId).ToListAsync(),
        });
        Assert.Equal("Renamed", saved.User.FirstName);
        Assert.Equal("RENAMED@EXAMPLE.COM", saved.User.NormalizedEmail);
        Assert.Equal([managerRole], saved.Roles);
    }

    [Fact]
    public async Task An_edit_form_opened_before_another_change_is_refused()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("stale" + Unique(), Password, [SystemRoles.SalesRep]);
        var form = await admin.GetFormAsync($"/system/users/{user.Id}/edit", UserForm);
        var other = await admin.GetFormAsync($"/system/users/{user.Id}/edit", UserForm);
        Assert.Equal(HttpStatusCode.Redirect, (await other.Set("FirstName", "First").PostAsync(admin, $"/system/users/{user.Id}/edit")).StatusCode);

        var response = await form.Set("FirstName", "Second").PostAsync(admin, $"/system/users/{user.Id}/edit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this record", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("First", await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.FirstName).SingleAsync()));
    }

    [Fact]
    public async Task The_grid_searches_name_and_email_ignoring_case_and_shows_status()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var marker = Unique();
        var found = await factory.CreateUserAsync("Findme" + marker, Password, [SystemRoles.SalesRep]);
        var other = await factory.CreateUserAsync("other" + Unique(), Password, [SystemRoles.SalesRep]);
        await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == found.Id);
            user.LastName = "Zebra" + marker;
            user.IsEnabled = false;
            await db.SaveChangesAsync();
        });

        var byName = await admin.GetStringAsync("/system/users?search=" + ("zebra" + marker).ToLowerInvariant());
        var byEmail = await admin.GetStringAsync("/system/users?search=" + ("FINDME" + marker + "@EXAMPLE").ToUpperInvariant());

        foreach (var html in new[] { byName, byEmail })
        {
            Assert.Contains(found.UserName!, html, StringComparison.Ordinal);
            Assert.DoesNotContain(other.UserName!, html, StringComparison.Ordinal);
            Assert.Contains("data-status=\"Disabled\"", html, StringComparison.Ordinal);
            Assert.Contains(SystemRoles.SalesRep, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_grid_pages_by_25()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var marker = "pg" + Unique();
        for (var i = 0; i < 26; i++)
        {
            await factory.CreateUserAsync($"{marker}{i:00}", Password, [SystemRoles.SalesRep]);
        }

        var first = await admin.GetStringAsync($"/system/users?search={marker}");
        var second = await admin.GetStringAsync($"/system/users?search={marker}&page=2");

        Assert.Contains($"{marker}24", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"{marker}25", first, StringComparison.Ordinal);
        Assert.Contains($"{marker}25", second, StringComparison.Ordinal);
        Assert.DoesNotContain($"{marker}00", second, StringComparison.Ordinal);
        Assert.Contains("26 users", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_until_enabled_again()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("dis" + Unique(), Password, [SystemRoles.SalesRep]);

        var disable = await admin.PostFormAsync($"/system/users/{user.Id}/disable", [], tokenPage: $"/system/users/{user.Id}");
        var refused = await factory.CreateBrowserLikeClient().LoginAsync(user.UserName!, Password);

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This account is disabled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await admin.PostFormAsync($"/system/users/{user.Id}/enable", [], tokenPage: $"/system/users/{user.Id}");
        var accepted = await factory.CreateBrowserLikeClient().LoginAsync(user.UserName!, Password);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_open_session_at_the_next_stamp_check()
    {
        // The app checks the security stamp every minute; this host checks it on every request.
        await using var host = fixture.Start().WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero)));
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true };
        var user = await fixture.Factory.CreateUserAsync("sess" + Unique(), Password, [SystemRoles.SalesRep]);
        var stampBefore = user.SecurityStamp;
        var session = host.CreateClient(options);
        await session.SignInAsync(user.UserName!, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        var admin = host.CreateClient(options);
        await admin.SignInAsync("admin", OroAppFactory.AdminPassword);

        await admin.PostFormAsync($"/system/users/{user.Id}/disable", [], tokenPage: $"/system/users/{user.Id}");
        var after = await session.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var stored = await fixture.Factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.False(stored.IsEnabled);
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
    }

    [Fact]
    public async Task Resetting_a_password_retires_the_old_one_and_renews_the_stamp()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("reset" + Unique(), Password, [SystemRoles.SalesRep]);
        const string newPassword = "a-brand-new-password";

        var form = await admin.GetFormAsync($"/system/users/{user.Id}/reset-password", "data-testid=\"reset-password-form\"");
        var response = await form.Set("Password", newPassword).Set("ConfirmPassword", newPassword).PostAsync(admin, $"/system/users/{user.Id}/reset-password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var old = await factory.CreateBrowserLikeClient().LoginAsync(user.UserName!, Password);
        var fresh = await factory.CreateBrowserLikeClient().LoginAsync(user.UserName!, newPassword);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("not correct", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.NotEqual(user.SecurityStamp, await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.SecurityStamp).SingleAsync()));
    }

    [Fact]
    public async Task A_reset_to_a_too_short_password_is_refused()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("resetshort" + Unique(), Password, [SystemRoles.SalesRep]);

        var form = await admin.GetFormAsync($"/system/users/{user.Id}/reset-password", "data-testid=\"reset-password-form\"");
        var response = await form.Set("Password", "tiny").Set("ConfirmPassword", "tiny").PostAsync(admin, $"/system/users/{user.Id}/reset-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Password\"[^>]*>Passwords must be at least 12 characters", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowserLikeClient().LoginAsync(user.UserName!, Password)).StatusCode);
    }

    [Fact]
    public async Task Unlocking_lets_a_locked_out_user_sign_in_again()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var user = await factory.CreateUserAsync("unlock" + Unique(), Password, [SystemRoles.SalesRep]);
        var visitor = factory.CreateBrowserLikeClient();
        for (var i = 0; i < 10; i++)
        {
            await visitor.LoginAsync(user.UserName!, "wrong-password-000");
        }

        Assert.Contains("locked", await (await visitor.LoginAsync(user.UserName!, Password)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-status=\"Locked\"", await admin.GetStringAsync($"/system/users/{user.Id}"), StringComparison.Ordinal);

        var unlock = await admin.PostFormAsync($"/system/users/{user.Id}/unlock", [], tokenPage: $"/system/users/{user.Id}");

        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.LoginAsync(user.UserName!, Password)).StatusCode);
        Assert.Contains("data-status=\"Enabled\"", await admin.GetStringAsync($"/system/users/{user.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_their_own_account()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var adminId = await factory.UserIdAsync("admin");

        var response = await admin.PostFormAsync($"/system/users/{adminId}/disable", [], tokenPage: $"/system/users/{adminId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("You cannot disable your own account.", await admin.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsEnabled).SingleAsync()));
    }

    [Fact]
    public async Task The_admin_user_name_cannot_be_changed()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var adminId = await factory.UserIdAsync("admin");

        var form = await admin.GetFormAsync($"/system/users/{adminId}/edit", UserForm);
        var response = await form.Set("UserName", "root").PostAsync(admin, $"/system/users/{adminId}/edit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"UserName\"[^>]*>The user name of the built-in &#x27;admin&#x27; account cannot be changed", await response.Content.ReadAsStringAsync());
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == adminId && u.UserName == "admin")));
    }

    [Theory]
    [InlineData("GET", "/system/users/999999")]
    [InlineData("GET", "/system/users/999999/edit")]
    [InlineData("GET", "/system/users/999999/reset-password")]
    [InlineData("POST", "/system/users/999999/edit")]
    [InlineData("POST", "/system/users/999999/disable")]
    [InlineData("POST", "/system/users/999999/enable")]
    [InlineData("POST", "/system/users/999999/unlock")]
    [InlineData("POST", "/system/users/999999/reset-password")]
    public async Task An_unknown_user_answers_404(string method, string url)
    {
        var admin = await fixture.Start().SignedInAdminAsync();

        var response = method == "GET"
            ? await admin.GetAsync(url)
            : await admin.PostFormAsync(url, [new("UserName", "x"), new("Password", "x")], tokenPage: "/system/users/create");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<FormFields> NewUserFormAsync(HttpClient admin, string userName, int roleId)
    {
        var form = await admin.GetFormAsync("/system/users/create", UserForm);
        return form
            .Set("UserName", userName)
            .Set("FirstName", "Ada")
            .Set("LastName", "Lovelace")
            .Set("Email", userName + "@example.com")
            .Set("RoleIds", roleId.ToString())
            .Set("Password", Password)
            .Set("ConfirmPassword", Password);
    }
}
