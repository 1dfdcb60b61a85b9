using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>The app with its Hangfire server running, so imports really run in the background.</summary>
public sealed class BackgroundJobsBrowserFixture() : BrowserFixture(new Dictionary<string, string?>
{
    ["BackgroundJobs:ServerEnabled"] = "true",
    ["Import:ChunkSize"] = "100",
});

public sealed class ImportTests(BackgroundJobsBrowserFixture fixture) : IClassFixture<BackgroundJobsBrowserFixture>
{
    [Fact]
    public async Task A_user_uploads_a_file_watches_the_progress_bar_reach_100_percent_and_downloads_the_error_report()
    {
        var page = await fixture.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        page.Console += (_, m) =>
        {
            // The app has no favicon; the browser asks for one anyway.
            if (m.Type == "error" && !m.Location.Contains("favicon", StringComparison.Ordinal))
            {
                scriptErrors.Add(m.Text + " " + m.Location);
            }
        };
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var csv = new StringBuilder("Opportunity name,Customer Account Account name,Probability,Status Id,Expected close date\r\n");
        for (var i = 1; i <= 600; i++)
        {
            csv.Append($"Browser {tag} {i},Browser account {tag} {i % 7},{(i == 250 ? "150" : "40")},{(i == 400 ? "lost" : "needs_analysis")},\r\n");
        }

        await page.GotoAsync("/opportunities");
        await page.GetByTestId("import-file").ClickAsync();
        await Assertions.Expect(page.GetByTestId("upload-limit")).ToContainTextAsync("100 MB");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "deals.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await page.GetByTestId("import").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/opportunities/import/", StringComparison.Ordinal));
        var progress = page.GetByTestId("progress");
        await Assertions.Expect(progress).ToBeVisibleAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("Completed", new() { Timeout = 10_000 });
        // When the job is done the page turns into the result page: counts, time taken, the error report.
        await Assertions.Expect(page.GetByTestId("error-report")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByTestId("duration")).ToContainTextAsync(" s");
        await Assertions.Expect(page.GetByTestId("cancel")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("rows-created")).ToHaveTextAsync("598");
        await Assertions.Expect(page.GetByTestId("rows-failed")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-result.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("error-report").ClickAsync());
        var path = await download.PathAsync();
        var report = (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF');
        Assert.StartsWith("Row,Column,Value,Message", report, StringComparison.Ordinal);
        Assert.Contains("251,Probability,150,", report, StringComparison.Ordinal);
        // A lost row needs its reason (a missing close date would just be today, spec §3.3).
        Assert.Contains("401,Close reason Name,,", report, StringComparison.Ordinal);
        Assert.Equal(598, await fixture.Factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.Name.StartsWith($"Browser {tag} "))));
        Assert.True(scriptErrors.Count == 0, string.Join("\n", scriptErrors));
    }

    [Fact]
    public async Task Uploading_a_file_imported_before_warns_with_when_and_by_whom_and_imports_only_when_confirmed()
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var file = new FilePayload
        {
            Name = "weekly.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"Opportunity name,Customer Account Account name,Probability\r\nWeekly {tag} 1,Weekly account {tag},40\r\nWeekly {tag} 2,Weekly account {tag},150\r\n"),
        };

        async Task UploadAsync()
        {
            await page.GotoAsync("/opportunities/import");
            await page.GetByLabel("CSV file").SetInputFilesAsync(file);
            await page.GetByTestId("import").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/opportunities/import/", StringComparison.Ordinal));
        }

        await UploadAsync();
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("errors-with-data")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByTestId("row-numbers")).ToContainTextAsync("row 1 is the header");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-result-errors-with-data.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("errors-with-data").ClickAsync());
        var failedRows = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF');
        Assert.StartsWith("Opportunity name,Customer Account Account name,Probability,Import errors", failedRows, StringComparison.Ordinal);
        Assert.Contains($"Weekly {tag} 2,Weekly account {tag},150,", failedRows, StringComparison.Ordinal);

        // The same file again: held, with when and by whom, until confirmed.
        await UploadAsync();
        var warning = page.GetByTestId("duplicate-warning");
        await Assertions.Expect(warning).ToBeVisibleAsync();
        await Assertions.Expect(warning).ToContainTextAsync("This file was imported before");
        await Assertions.Expect(warning).ToContainTextAsync("1 created");
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("Waiting for your confirmation");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-duplicate-warning.png"), FullPage = true });
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(1, await fixture.Factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.Name == $"Weekly {tag} 1")));

        await page.GetByTestId("confirm-import").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        Assert.Equal(2, await fixture.Factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.Name == $"Weekly {tag} 1")));

        // A third time, dropped: nothing is written.
        await UploadAsync();
        await Assertions.Expect(page.GetByTestId("duplicate-warning")).ToBeVisibleAsync();
        await page.GetByTestId("drop-import").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("Cancelled");
        Assert.Equal(2, await fixture.Factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.Name == $"Weekly {tag} 1")));

        // The jobs page lists them in the app's layout, without file paths.
        await page.GotoAsync("/system/jobs");
        await Assertions.Expect(page.GetByTestId("jobs")).ToContainTextAsync("Import of weekly.csv");
        await Assertions.Expect(page.Locator("nav[aria-label=Main]")).ToBeVisibleAsync();
        Assert.DoesNotContain(fixture.Factory.DataFolder, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "jobs-page.png"), FullPage = true });
    }
}
