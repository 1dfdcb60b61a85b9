using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The app on Kestrel (loopback, a free port) and Debian's Chromium driven by Playwright.
/// Without a Chromium the tests skip and say so, unless ORO_REQUIRE_BROWSER=1 (CI), where they fail.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("ORO_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public BrowserFixture()
        : this(null)
    {
    }

    /// <summary>For fixtures that need other settings (e.g. the Hangfire server on).</summary>
    protected BrowserFixture(IDictionary<string, string?>? settings)
    {
        Factory = new(DatabaseProvider.Sqlite, settings);
    }

    public OroAppFactory Factory { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("No browser.");

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async ValueTask InitializeAsync()
    {
        Factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (own cookies) on a page; skips or fails without Chromium.</summary>
    /// <param name="timeZoneId">The browser's own time zone (null: the machine's).</param>
    public async Task<IPage> NewPageAsync(string? timeZoneId = null)
    {
        if (browser is null)
        {
            if (Environment.GetEnvironmentVariable("ORO_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException($"ORO_REQUIRE_BROWSER=1 but there is no Chromium at {ChromiumPath}.");
            }

            Assert.Skip($"Browser tests skipped: no Chromium at {ChromiumPath} (apt-get install chromium, or set ORO_CHROMIUM).");
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, TimezoneId = timeZoneId });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The first sign-in of a new host can be slow while the other fixtures start on the same two cores;
        // leaving the login page is what counts (each test waits for what it needs on the next one).
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException ex)
        {
            var message = await page.Locator(".validation-summary-errors, .alert").AllInnerTextsAsync();
            throw new InvalidOperationException($"Sign-in of {userName} did not leave the login page: {string.Join(" | ", message)}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
