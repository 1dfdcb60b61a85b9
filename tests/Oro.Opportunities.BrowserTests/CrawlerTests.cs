using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The form crawler (issue 23): signed in as an administrator, and on a fresh copy of the same demo-like
/// data as a Sales Rep, it visits every page the menu and the pages' links reach (one per route shape),
/// opens every form and dialog there (dropdowns, collapsed panels, modals, workflow transition dialogs)
/// and submits each with the values the page offers, typing a short valid value into a required field
/// left empty. It fails on any answer of 400 or 5xx, any console or script error, and any control that
/// cannot be clicked (covered, or outside the viewport), all collected and reported together with the
/// page and the form. Forms that delete, sign out, reset a password, disable or deactivate something,
/// ask for confirmation or upload a file are left alone. New pages are found without changing the test.
/// </summary>
public sealed partial class CrawlerTests(ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Faults the crawler finds that are not fixed yet: (role or null for both, text the problem contains, why it is
    /// still there). They are reported in the test's output but do not fail it. Keep this list short and explained.
    /// </summary>
    private static readonly (string? Role, string Contains, string Reason)[] KnownCrawlFailures =
    [
    ];

    [Fact]
    public Task An_administrator_submits_every_form_on_every_page_without_a_fault() =>
        CrawlAsync("admin", site => ("admin", OroAppFactory.AdminPassword));

    [Fact]
    public Task A_sales_rep_submits_every_form_on_every_page_without_a_fault() =>
        CrawlAsync("sales rep", site => (site.RepUserName, CrawlerSite.DemoPassword));

    private async Task CrawlAsync(string role, Func<CrawlerSite, (string User, string Password)> who)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var site = await CrawlerSite.StartAsync();
        var (user, password) = who(site);
        var page = await site.NewPageAsync();
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        var watch = new CrawlerWatch(page);
        await BrowserFixture.SignInAsync(page, user, password);
        var map = new CrawlerMap(site.BaseUrl);
        var report = new StringBuilder();
        var submitted = 0;
        var dialogs = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        var done = new List<string>();
        var seeded = clock.Elapsed;

        while (map.TryNext(out var url))
        {
            watch.Where = $"{role} on {url}";
            var response = await OpenAsync(map, page, url, watch, user, password);
            if (response is not { Status: < 400 })
            {
                if (response is not null)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"  {url} (answered {response.Status}: not crawled)");
                }

                continue;
            }

            await map.FollowLinksAsync(page);
            var forms = JsonSerializer.Deserialize<FormInfo[]>(await page.EvaluateAsync<string>(CrawlerScripts.Forms), Json)!;
            var transitions = JsonSerializer.Deserialize<DialogList>(await page.EvaluateAsync<string>(CrawlerScripts.Dialogs), Json)!.Transitions;
            var fresh = true;
            foreach (var form in forms)
            {
                var name = $"form {form.Method.ToUpperInvariant()} '{(form.Action.Length == 0 ? "(this page)" : form.Action)}' ({form.Submit})";
                if (form.Skip is not null)
                {
                    if (form.Action.StartsWith("/account/logout", StringComparison.Ordinal))
                    {
                        continue; // The menu's sign-out forms, on every page.
                    }

                    skipped.Add($"{CrawlerMap.ShapeOf(url)}: {name}: {form.Skip}");
                    continue;
                }

                if (!fresh && !await LoadAsync(map, page, url, watch, user, password))
                {
                    break;
                }

                fresh = false;
                watch.Where = $"{role} on {url}, {name}";
                var outcome = await SubmitAsync(page, watch, form.Index, null, form.Action, submitted + 1, role);
                if (outcome is null)
                {
                    submitted++;
                    done.Add($"{CrawlerMap.ShapeOf(url)}: {name}");
                    await FollowAsync(map, page);
                }
                else
                {
                    skipped.Add($"{CrawlerMap.ShapeOf(url)}: {name}: {outcome}");
                }

                watch.Where = $"{role} on {url}";
            }

            // Every transition the page offers, in its dialog; a transition can offer others (Close as Won
            // offers Reopen), so the page is looked at again for new ones, three times at most.
            var seen = new HashSet<string>(transitions, StringComparer.Ordinal);
            var pending = new Queue<string>(transitions);
            for (var round = 0; ;)
            {
                if (pending.Count == 0)
                {
                    if (fresh || ++round > 3 || !await LoadAsync(map, page, url, watch, user, password))
                    {
                        break;
                    }

                    fresh = true;
                    var offered = JsonSerializer.Deserialize<DialogList>(await page.EvaluateAsync<string>(CrawlerScripts.Dialogs), Json)!.Transitions;
                    foreach (var more in offered.Where(seen.Add))
                    {
                        pending.Enqueue(more);
                    }

                    if (pending.Count == 0)
                    {
                        break;
                    }
                }

                var href = pending.Dequeue();
                if (!fresh && !await LoadAsync(map, page, url, watch, user, password))
                {
                    break;
                }

                fresh = false;
                watch.Where = $"{role} on {url}, transition dialog {href}";
                if (await page.Locator($"a[data-workflow-form][href=\"{href}\"]").CountAsync() == 0)
                {
                    // An earlier submit on this page moved the record on (e.g. Close as Won): the transition is gone.
                    skipped.Add($"{CrawlerMap.ShapeOf(url)}: transition dialog {href}: no longer offered after the earlier submits");
                    continue;
                }

                try
                {
                    await page.Locator($"a[data-workflow-form][href=\"{href}\"]").First.ClickAsync(new() { Timeout = 2_500 });
                }
                catch (TimeoutException ex)
                {
                    watch.Add($"the transition button cannot be clicked: {Reason(ex)}");
                    continue;
                }

                try
                {
                    await page.Locator("#workflow-modal.show form[data-workflow-submit]").WaitForAsync(new() { Timeout = 5_000 });
                }
                catch (TimeoutException)
                {
                    watch.Add($"the transition's dialog did not open (the page is now {page.Url})");
                    continue;
                }

                dialogs++;
                var outcome = await SubmitAsync(page, watch, 0, "#workflow-modal form[data-workflow-submit]", null, submitted + 1, role);
                if (outcome is null)
                {
                    submitted++;
                    done.Add($"{CrawlerMap.ShapeOf(url)}: transition dialog {href}");
                    await FollowAsync(map, page);
                }
                else
                {
                    skipped.Add($"{CrawlerMap.ShapeOf(url)}: transition dialog {href}: {outcome}");
                }
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"  {url}");
        }

        var problems = watch.Problems.Distinct().ToList();
        var known = problems.Where(p => KnownCrawlFailures.Any(k => (k.Role is null || k.Role == role) && p.Contains(k.Contains, StringComparison.Ordinal))).ToList();
        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Crawled as {role} at {page.ViewportSize?.Width}x{page.ViewportSize?.Height}: {map.Pages.Count} pages, {submitted} forms submitted ({dialogs} of them in transition dialogs), {skipped.Count} forms not submitted, in {clock.Elapsed.TotalSeconds:F0} s (seeding {seeded.TotalSeconds:F0} s).")
            .AppendLine("Pages:").Append(report)
            .AppendLine("Submitted:").AppendJoin(Environment.NewLine, done.Select(s => "  " + s)).AppendLine()
            .AppendLine("Not submitted:").AppendJoin(Environment.NewLine, skipped.Select(s => "  " + s)).AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Known failures ({known.Count}):").AppendJoin(Environment.NewLine, known.Select(s => "  " + s)).AppendLine()
            .ToString();
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, $"crawler-{role.Replace(' ', '-')}.txt"), summary + string.Join(Environment.NewLine, problems));

        var failures = problems.Except(known).ToList();
        Assert.True(failures.Count == 0, $"The crawl as {role} found {failures.Count} problems:\n" + string.Join("\n", failures));
    }

    /// <summary>The page a submit led to, and its links, are crawled too (e.g. an import's result, a closed deal's Reopen).</summary>
    private static async Task FollowAsync(CrawlerMap map, IPage page)
    {
        try
        {
            map.Offer(page.Url);
            await map.FollowLinksAsync(page);
        }
        catch (PlaywrightException)
        {
            // Still navigating: its links are left out.
        }
    }

    /// <summary>Opens a page; false when it cannot be worked on (a download, a 4xx; a 400 or 5xx is a fault the watch notes).</summary>
    private static async Task<bool> LoadAsync(CrawlerMap map, IPage page, string url, CrawlerWatch watch, string user, string password) =>
        await OpenAsync(map, page, url, watch, user, password) is { Status: < 400 };

    private static async Task<IResponse?> OpenAsync(CrawlerMap map, IPage page, string url, CrawlerWatch watch, string user, string password)
    {
        var response = await map.OpenAsync(page, url);
        if (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            // A submit signed the user out (e.g. a password change): sign in again, say so, go on.
            watch.Add("the user was signed out by the previous submit");
            await BrowserFixture.SignInAsync(page, user, password);
            response = await map.OpenAsync(page, url);
        }

        return response;
    }

    /// <summary>Shows the form, fills its empty required fields and clicks its submit button; null when submitted, else why not.</summary>
    private static async Task<string?> SubmitAsync(IPage page, CrawlerWatch watch, int index, string? selector, string? expectedAction, int n, string role)
    {
        var prepared = JsonSerializer.Deserialize<Prepared>(await page.EvaluateAsync<string>(CrawlerScripts.Prepare, new object?[] { index, selector, expectedAction }), Json)!;
        if (prepared.Error is not null)
        {
            return prepared.Error;
        }

        if (prepared.HiddenBy is not null)
        {
            return $"hidden in {prepared.HiddenBy}, which nothing on the page opens (shown by a script, e.g. on a selection or a drop)";
        }

        for (var i = 0; i < prepared.Openers; i++)
        {
            var opener = page.Locator($"[data-crawl-open='{i}']");
            try
            {
                await opener.ClickAsync(new() { Timeout = 2_500 });
            }
            catch (TimeoutException ex)
            {
                watch.Add($"the control that shows the form ('{await TextAsync(opener)}') cannot be clicked: {Reason(ex)}");
                await ShotAsync(page, role, n);
                return "its opener cannot be clicked";
            }
        }

        var submit = page.Locator("[data-crawl-submit]");
        try
        {
            await submit.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 2_500 });
        }
        catch (TimeoutException)
        {
            return "its submit button stays hidden (a script submits the form)";
        }

        var fields = JsonSerializer.Deserialize<FillField[]>(await page.EvaluateAsync<string>(CrawlerScripts.Fill, n), Json)!;
        for (var i = 0; i < fields.Length; i++)
        {
            var field = page.Locator($"[data-crawl-fill='{i}']");
            try
            {
                switch (fields[i].Kind)
                {
                    case "select":
                        await field.SelectOptionAsync(fields[i].Value, new() { Timeout = 2_500 });
                        break;
                    case "check":
                        await field.CheckAsync(new() { Timeout = 2_500 });
                        break;
                    default:
                        await field.FillAsync(fields[i].Value, new() { Timeout = 2_500 });
                        break;
                }
            }
            catch (TimeoutException ex)
            {
                watch.Add($"the required field '{fields[i].Name}' cannot be filled: {Reason(ex)}");
            }
        }

        if (await submit.IsDisabledAsync())
        {
            return "its submit button is disabled";
        }

        if (await page.EvaluateAsync<string?>(CrawlerScripts.Unreachable) is { } cut)
        {
            watch.Add($"the submit button '{prepared.Submit}' cannot be clicked: {cut}");
            await ShotAsync(page, role, n);
            return "its submit button cannot be reached";
        }

        try
        {
            await submit.ClickAsync(new() { Timeout = 2_500 });
        }
        catch (TimeoutException ex)
        {
            watch.Add($"the submit button '{prepared.Submit}' cannot be clicked: {Reason(ex)}");
            await ShotAsync(page, role, n);
            return "its submit button cannot be clicked";
        }

        await watch.SettleAsync(page);
        return null;
    }

    private static async Task<string> TextAsync(ILocator locator)
    {
        try
        {
            return (await locator.InnerTextAsync(new() { Timeout = 1_000 })).Trim();
        }
        catch (TimeoutException)
        {
            return "?";
        }
    }

    private static async Task ShotAsync(IPage page, string role, int n) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"crawler-{role.Replace(' ', '-')}-{n}.png") });

    /// <summary>Why Playwright could not act: the last telling line of its call log (covered, outside the viewport, ...).</summary>
    private static string Reason(TimeoutException ex)
    {
        var lines = ex.Message.Split('\n').Select(l => l.Trim().TrimStart('-').Trim()).ToList();
        var telling = lines.LastOrDefault(l => l.Contains("intercepts pointer events", StringComparison.Ordinal) || l.Contains("outside of the viewport", StringComparison.Ordinal)
            || l.Contains("not visible", StringComparison.Ordinal) || l.Contains("not stable", StringComparison.Ordinal) || l.Contains("not enabled", StringComparison.Ordinal));
        return telling ?? lines.FirstOrDefault() ?? ex.Message;
    }

    private sealed record FormInfo(int Index, string Action, string Method, string? Skip, string Submit, string Path);

    private sealed record Prepared(string? Error, string? HiddenBy, int Openers, string? Submit, bool Disabled);

    private sealed record FillField(string Kind, string Value, string Name);

    private sealed record DialogList(string[] Modals, string[] Transitions);
}
