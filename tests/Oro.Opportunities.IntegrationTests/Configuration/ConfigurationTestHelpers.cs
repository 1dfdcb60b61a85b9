using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>Reads configuration state straight from the app under test and builds the forms its pages post.</summary>
internal static class ConfigurationTestHelpers
{
    public const string OpportunityPage = "/system/configuration/opportunity";
    public const string LeadPage = "/system/configuration/lead";
    public const string CurrencyPage = "/system/configuration/currency";

    public static async Task<HttpClient> AdminClientAsync(this WebApplicationFactory<Program> factory)
    {
        var client = factory.BrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return client;
    }

    /// <summary>A client that keeps cookies and shows redirects, as <see cref="OroAppFactory.CreateBrowserLikeClient"/>, for any host.</summary>
    public static HttpClient BrowserLikeClient(this WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<T> DbAsync<T>(this WebApplicationFactory<Program> factory, Func<AppDbContext, Task<T>> action)
    {
        using var scope = factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<long> RevisionAsync(this WebApplicationFactory<Program> factory) =>
        factory.DbAsync(db => ConfigurationCache.ReadRevisionAsync(db, CancellationToken.None));

    public static async Task<ConfigurationSnapshot> SnapshotAsync(this WebApplicationFactory<Program> factory)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISystemConfiguration>().GetAsync();
    }

    public static Task<List<OpportunityStatus>> StatusesAsync(this WebApplicationFactory<Program> factory) =>
        factory.DbAsync(db => db.OpportunityStatuses.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToListAsync());

    public static async Task<OpportunityStatus> StatusAsync(this WebApplicationFactory<Program> factory, string code) =>
        (await factory.StatusesAsync()).Single(s => s.Code == code);

    /// <summary>Adds a status through the page and returns it; tests that change statuses work on their own.</summary>
    public static async Task<OpportunityStatus> AddStatusAsync(this WebApplicationFactory<Program> factory, HttpClient client, string label, int probability = 30)
    {
        var before = (await factory.StatusesAsync()).Select(s => s.Id).ToHashSet();
        var response = await client.PostFormAsync(OpportunityPage + "/statuses/add", Fields(
            ("NewStatus.Revision", Text(await factory.RevisionAsync())),
            ("NewStatus.Label", label),
            ("NewStatus.DefaultProbability", Text(probability))), tokenPage: OpportunityPage);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await factory.StatusesAsync()).Single(s => !before.Contains(s.Id));
    }

    /// <summary>The fields of the Probabilities form, rows in the order given.</summary>
    public static List<KeyValuePair<string, string>> StatusListFields(long revision, IEnumerable<(int Id, string Label, int Probability)> rows)
    {
        var fields = Fields(("StatusList.Revision", Text(revision)));
        foreach (var (id, label, probability) in rows)
        {
            var prefix = $"StatusList.Statuses[{Text(id)}]";
            fields.AddRange(Fields(
                ("StatusList.Statuses.Index", Text(id)),
                (prefix + ".Id", Text(id)),
                (prefix + ".Label", label),
                (prefix + ".DefaultProbability", Text(probability))));
        }

        return fields;
    }

    public static List<KeyValuePair<string, string>> StatusListFields(long revision, IEnumerable<OpportunityStatus> statuses) =>
        StatusListFields(revision, statuses.Select(s => (s.Id, s.Label, s.DefaultProbability)));

    public static async Task<HttpResponseMessage> SaveOpportunitySettingsAsync(this WebApplicationFactory<Program> factory, HttpClient client, bool enabled, bool displayRelevant, long? revision = null) =>
        await client.PostFormAsync(OpportunityPage + "/settings", Fields(
            ("Settings.Revision", Text(revision ?? await factory.RevisionAsync())),
            ("Settings.OpportunityEnabled", enabled ? "true" : "false"),
            ("Settings.DisplayRelevantOpportunities", displayRelevant ? "true" : "false")), tokenPage: OpportunityPage);

    public static async Task<HttpResponseMessage> SaveLeadSettingsAsync(this WebApplicationFactory<Program> factory, HttpClient client, bool enabled) =>
        await client.PostFormAsync(LeadPage + "/settings", Fields(
            ("Settings.Revision", Text(await factory.RevisionAsync())),
            ("Settings.LeadEnabled", enabled ? "true" : "false")), tokenPage: LeadPage);

    public static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Follows a Post/Redirect/Get redirect and returns the page it lands on.</summary>
    public static async Task<string> FollowAsync(this HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetStringAsync(response.Headers.Location);
    }
}
