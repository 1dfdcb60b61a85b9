using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Users;

/// <summary>
/// <c>reset-admin-password</c> (issue 23): the way back in for someone who lost the administrator's password —
/// or locked, disabled or demoted <c>admin</c>. Each test has a database of its own, since it changes admin.
/// </summary>
public sealed partial class ResetAdminPasswordCommandTests
{
    private const string NewPassword = "recovered-admin-password-1";

    [Fact]
    public async Task The_given_password_replaces_the_lost_one_and_admin_is_enabled_unlocked_and_an_administrator_again()
    {
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite);
        var before = factory.CreateBrowserLikeClient();
        await before.SignInAsync("admin", OroAppFactory.AdminPassword);
        await LoseAdminAsync(factory);
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Commands.ResetAdminPasswordAsync(factory.Services, ["--password", NewPassword], output, error);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("The password of 'admin' was reset", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, output.ToString(), StringComparison.Ordinal);

        // The old session ended; the old password is refused; the new one signs in, as an Administrator.
        var oldSession = await before.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, oldSession.StatusCode);
        Assert.Contains("/account/login", oldSession.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var client = factory.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await client.LoginAsync("admin", OroAppFactory.AdminPassword)).StatusCode);
        await client.SignInAsync("admin", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/system/users")).StatusCode);
    }

    [Fact]
    public async Task Without_a_password_one_is_generated_and_printed()
    {
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite);
        var output = new StringWriter();

        var code = await Commands.ResetAdminPasswordAsync(factory.Services, [], output, new StringWriter());

        Assert.Equal(0, code);
        var printed = PrintedPassword().Match(output.ToString());
        Assert.True(printed.Success, output.ToString());
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", printed.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/system/users")).StatusCode);
    }

    [Theory]
    [InlineData(new[] { "--password", "too-short" }, 2, "--password needs at least 12 characters.")]
    [InlineData(new[] { "--password" }, 2, "--password needs a value.")]
    [InlineData(new[] { "--user", "someone" }, 2, "Unknown option '--user'.")]
    public async Task Wrong_options_change_nothing_and_say_why(string[] options, int expectedCode, string message)
    {
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite);
        var error = new StringWriter();

        var code = await Commands.ResetAdminPasswordAsync(factory.Services, options, new StringWriter(), error);

        Assert.Equal(expectedCode, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: reset-admin-password", error.ToString(), StringComparison.Ordinal);
        await factory.CreateBrowserLikeClient().SignInAsync("admin", OroAppFactory.AdminPassword);
    }

    /// <summary>The ways an administrator loses access besides the password: locked out, disabled, no longer in the role.</summary>
    private static async Task LoseAdminAsync(OroAppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = (await users.FindByNameAsync("admin"))!;
        admin.IsEnabled = false;
        Assert.True((await users.SetLockoutEndDateAsync(admin, DateTimeOffset.UtcNow.AddYears(1))).Succeeded);
        Assert.True((await users.RemoveFromRoleAsync(admin, SystemRoles.Administrator)).Succeeded);
    }

    [GeneratedRegex("New password: (\\S+)")]
    private static partial Regex PrintedPassword();
}
