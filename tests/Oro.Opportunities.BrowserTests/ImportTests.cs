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
}
