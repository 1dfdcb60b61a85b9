using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using Oro.Opportunities.IntegrationTests.Leads;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Every POST needs the antiforgery token (the global <c>AutoValidateAntiforgeryToken</c> filter), so every
/// <c>&lt;form method="post"&gt;</c> a page renders must carry it. A form with a plain <c>action="…"</c> and no
/// <c>asp-*</c> attribute gets none from the form tag helper: My profile → Save and Configuration →
/// Localization → Save answered 400 for everyone (issue 23). The crawl finds any such form on any page an
/// administrator can reach from the home page.
/// </summary>
public sealed partial class AntiforgeryFormTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Password = "antiforgery-test-password-1";

    /// <summary>Pages that must be looked at even if the crawl stops early.</summary>
    private static readonly string[] KnownFormPages = ["/profile", "/system/configuration/localization"];

    private const int MaxPages = 400;

    [Fact]
    public async Task Every_post_form_on_every_page_an_administrator_reaches_carries_the_antiforgery_token()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        await SomeRecordsAsync(factory, client);

        var queue = new Queue<string>(["/", .. KnownFormPages]);
        var seenPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visited = new List<string>();
        var missing = new List<string>();
        while (queue.Count > 0 && visited.Count < MaxPages)
        {
            var url = queue.Dequeue();
            if (!seenPaths.Add(PathOf(url)))
            {
                continue;
            }

            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            visited.Add(url);
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match form in PostForm().Matches(html))
            {
                if (!form.Groups["body"].Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal))
                {
                    missing.Add($"{url}: {Regex.Replace(form.Groups["open"].Value, @"\s+", " ")}");
                }
            }

            foreach (Match link in Link().Matches(html))
            {
                var target = WebUtility.HtmlDecode(link.Groups["url"].Value);
                if (Followable(target) && !seenPaths.Contains(PathOf(target)))
                {
                    queue.Enqueue(target);
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Crawled {visited.Count} pages ({queue.Count} links left): {string.Join(" ", visited)}");
        Assert.True(missing.Count == 0, "Forms without an antiforgery token:\n" + string.Join("\n", missing));
        Assert.All(KnownFormPages, page => Assert.Contains(page, visited));

        // The crawl really went through the back office, not just the home page.
        Assert.Contains(visited, u => u.StartsWith("/system/users/", StringComparison.Ordinal));
        Assert.Contains(visited, u => u.StartsWith("/opportunities/", StringComparison.Ordinal) && u.EndsWith("/edit", StringComparison.Ordinal));
        Assert.Contains(visited, u => u.StartsWith("/system/workflows", StringComparison.Ordinal));
        Assert.True(visited.Count > 30, $"Only {visited.Count} pages were crawled: {string.Join(", ", visited)}");
    }

    /// <summary>
    /// The same rule read from the views, so a form on a page the crawl does not reach (an error state, a
    /// record it did not create) is caught too: a post form names its action with <c>asp-*</c> attributes
    /// (the tag helper adds the token) or says <c>asp-antiforgery="true"</c>.
    /// </summary>
    [Fact]
    public void Every_post_form_in_the_views_asks_the_form_tag_helper_for_the_token()
    {
        var views = Path.Combine(RepositoryRoot(), "src", "Oro.Opportunities.Web");
        var missing = new List<string>();
        var forms = 0;
        foreach (var file in Directory.EnumerateFiles(views, "*.cshtml", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match tag in FormTag().Matches(File.ReadAllText(file)))
            {
                var attributes = tag.Value;
                if (!PostMethod().IsMatch(attributes))
                {
                    continue;
                }

                forms++;
                var routed = RoutedAction().IsMatch(attributes) && !attributes.Contains("asp-antiforgery=\"false\"", StringComparison.Ordinal);
                if (!routed && !attributes.Contains("asp-antiforgery=\"true\"", StringComparison.Ordinal))
                {
                    missing.Add($"{Path.GetRelativePath(views, file)}: {Regex.Replace(attributes, @"\s+", " ")}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Post forms without asp-antiforgery=\"true\" or an asp-action:\n" + string.Join("\n", missing));
        Assert.True(forms > 50, $"Only {forms} post forms found under {views}.");
    }

    [Fact]
    public async Task My_profile_save_stores_the_time_zone_through_the_form_the_page_renders()
    {
        var factory = fixture.Start();
        var name = "profile" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);

        var form = await client.GetFormAsync("/profile", "data-testid=\"profile-form\"");
        var saved = await form.Set("timeZone", "Asia/Tokyo").PostAsync(client, "/profile");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/profile", saved.Headers.Location?.OriginalString);
        Assert.Equal("Asia/Tokyo", await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task Configuration_localization_save_stores_the_system_time_zone_through_the_form_the_page_renders()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);

        var form = await client.GetFormAsync("/system/configuration/localization", "data-testid=\"localization-form\"");
        var saved = await form.Set("Settings.TimeZone", "Europe/Lisbon").PostAsync(client, "/system/configuration/localization");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Europe/Lisbon", await factory.WithDbAsync(db => db.Settings.Where(s => s.Key == "localization.time_zone").Select(s => s.Value).SingleAsync()));
    }

    /// <summary>One record of each kind, so their view and edit pages (and their forms) are crawled too.</summary>
    private static async Task SomeRecordsAsync(OroAppFactory factory, HttpClient client)
    {
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync(Unique("Crawl account"), adminId);
        var contact = await factory.ContactAsync("Crawl", Unique("Contact"), "crawl@example.com", adminId, account);
        await factory.OpportunityAsync(Unique("Crawl deal"), adminId, account, "negotiation", budget: 100m, contactId: contact);
        await client.CreateLeadAsync(Unique("Crawl lead"), adminId);
        await factory.CreateUserAsync("crawl" + Guid.NewGuid().ToString("N")[..8], Password, [SystemRoles.SalesRep]);
        await factory.ImportAsync(client, Csv(Row(Unique("Crawl import"), Unique("Crawl import account"), probability: "150")));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oro.Opportunities.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Oro.Opportunities.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string PathOf(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        return end < 0 ? url : url[..end];
    }

    /// <summary>Pages of this app (not files, downloads or other sites).</summary>
    private static bool Followable(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/lib/", StringComparison.Ordinal) && !url.StartsWith("/css/", StringComparison.Ordinal)
        && !url.StartsWith("/js/", StringComparison.Ordinal) && !url.StartsWith("/error/", StringComparison.Ordinal)
        && !PathOf(url).EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        && !PathOf(url).EndsWith(".ico", StringComparison.OrdinalIgnoreCase)
        && !PathOf(url).EndsWith(".svg", StringComparison.OrdinalIgnoreCase)
        && !PathOf(url).EndsWith("/export", StringComparison.Ordinal);

    [GeneratedRegex("<form\\b(?<open>[^>]*\\bmethod\\s*=\\s*\"post\"[^>]*)>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PostForm();

    [GeneratedRegex("<form\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("\\bmethod\\s*=\\s*\"post\"", RegexOptions.IgnoreCase)]
    private static partial Regex PostMethod();

    [GeneratedRegex("\\basp-(action|controller|area|page|page-handler|route|route-[a-z0-9-]+)\\s*=")]
    private static partial Regex RoutedAction();

    [GeneratedRegex("<a\\b[^>]*\\bhref=\"(?<url>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
