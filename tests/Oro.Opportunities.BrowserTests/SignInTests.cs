using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

public sealed class SignInTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_signs_in_through_the_login_page_and_sees_the_back_office()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/system/users");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login.png") });

        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(OroAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/system/users");
        await Assertions.Expect(page.Locator("nav[aria-label=Main]")).ToContainTextAsync("System");
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "home.png"), FullPage = true });
    }

    [Fact]
    public async Task A_wrong_password_shows_a_message_beside_the_form()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
    }

    [Fact]
    public async Task The_pages_run_no_inline_script_and_the_browser_reports_no_csp_violation()
    {
        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(page.Url + ": " + message.Text);
            }
        };

        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        foreach (var url in new[] { "/", "/system/configuration", "/system/users", "/system/roles", "/system/teams", "/system/jobs" })
        {
            await page.GotoAsync(url);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "jobs.png") });
        Assert.Empty(violations);
    }
}
