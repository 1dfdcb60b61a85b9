using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.ImportExport;

/// <summary>
/// Uploads files through the real import form and runs the queued job the way Hangfire would (the
/// Hangfire server is off in integration tests), with optional settings and a fault injector.
/// </summary>
public static class ImportTestSupport
{
    public const string Header =
        "Id,Opportunity name,Expected close date,Probability,Budget Amount,Budget Amount Currency,Budget Amount In Base Currency,Customer need,Close revenue,Close revenue Currency,Close Revenue In Base Currency,Proposed solution,Additional comments,Status Id,Close reason Name,Contact First name,Contact Last name,Lead Lead name,Owner Username,Customer Account Account name,External id";

    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "ImportExport", "Data", "oro-export-sample.csv");

    public static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A row in the template's column order; unspecified cells are empty.</summary>
    public static string Row(
        string name, string account, string? id = null, string? closeDate = null, string? probability = null, string? budget = null, string? currency = null,
        string? status = null, string? reason = null, string? revenue = null, string? revenueCurrency = null, string? first = null, string? last = null,
        string? owner = null, string? externalId = null, string? need = null, string? notes = null) =>
        string.Join(',', new[]
        {
            id, name, closeDate, probability, budget, currency, null, need, revenue, revenueCurrency, null, null, notes, status, reason, first, last, null, owner, account, externalId,
        }.Select(Quote));

    public static string Csv(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    public static string Quote(string? value) =>
        value is null ? string.Empty
        : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string csv, string mode = "import", bool matchByName = false, string fileName = "opportunities.csv", string path = "/opportunities") =>
        client.UploadAsync(Encoding.UTF8.GetBytes(csv), mode, matchByName, fileName, path);

    /// <summary>Posts the import form under <paramref name="path"/> (/opportunities, /leads).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string mode = "import", bool matchByName = false, string fileName = "opportunities.csv", string path = "/opportunities")
    {
        var token = await client.GetAntiforgeryTokenAsync(path + "/import");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        content.Add(new StringContent(mode), "Mode");
        if (matchByName)
        {
            content.Add(new StringContent("true"), "MatchByName");
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "File", fileName);
        return await client.PostAsync(path + "/import", content);
    }

    public static int JobIdFrom(HttpResponseMessage response, string path = "/opportunities")
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(path + "/import/", location, StringComparison.Ordinal);
        return int.Parse(location.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the job as the background worker would, in a scope of its own.</summary>
    public static async Task RunJobAsync(this OroAppFactory factory, int jobId, ImportOptions? options = null, IImportFaultInjector? faults = null)
    {
        using var scope = factory.Services.CreateScope();
        var args = new List<object>();
        if (options is not null)
        {
            args.Add(Options.Create(options));
        }

        if (faults is not null)
        {
            args.Add(faults);
        }

        var importer = ActivatorUtilities.CreateInstance<ImportRunner>(scope.ServiceProvider, [.. args]);
        await importer.RunAsync(jobId);
    }

    /// <summary>Uploads, runs and returns the finished job.</summary>
    /// <param name="confirmReimport">When the same file was imported before, confirm it (the page's "Import it again") instead of leaving the job held.</param>
    public static async Task<ImportJob> ImportAsync(this OroAppFactory factory, HttpClient client, string csv, string mode = "import", bool matchByName = false, ImportOptions? options = null, IImportFaultInjector? faults = null, bool confirmReimport = false, string path = "/opportunities")
    {
        var id = JobIdFrom(await client.UploadAsync(csv, mode, matchByName, path: path), path);
        if (confirmReimport && (await factory.JobAsync(id)).State == ImportJobState.AwaitingConfirmation)
        {
            var confirmed = await client.PostFormAsync($"{path}/import/{id}/confirm", [], $"{path}/import/{id}");
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        await factory.RunJobAsync(id, options, faults);
        return await factory.JobAsync(id);
    }

    public static Task<ImportJob> JobAsync(this OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    public static Task<List<ImportJobError>> ErrorsAsync(this OroAppFactory factory, int jobId) =>
        factory.WithDbAsync(db => db.ImportJobErrors.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Row).ThenBy(e => e.Id).ToListAsync());

    /// <summary>Parses a CSV the app wrote (tests use a tiny RFC 4180 reader of their own, not the app's).</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        text = text.TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}

/// <summary>Fails (or interrupts) a chosen chunk after its rows were written and before it commits.</summary>
public sealed class FailingChunk(int failingChunk, Func<Exception> failure) : IImportFaultInjector
{
    public ValueTask BeforeCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken) =>
        chunkNumber == failingChunk ? throw failure() : ValueTask.CompletedTask;

    public ValueTask AfterCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Runs an action between two chunks (after the given one committed), e.g. the user pressing Cancel.</summary>
public sealed class BetweenChunks(int afterChunk, Func<Task> action) : IImportFaultInjector
{
    public ValueTask BeforeCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask AfterCommitAsync(int jobId, int chunkNumber, CancellationToken cancellationToken)
    {
        if (chunkNumber == afterChunk)
        {
            await action();
        }
    }
}
