using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.IntegrationTests.Customers;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Issue 21, item 3: every state-changing request carries its version. A form without it, or with one
/// that is not a number, is refused with 400 and a message on every endpoint that binds one (found by
/// reflection, so a new endpoint is covered); 20 hand-made transitions at once without a version apply
/// none (before: 14 of 20 applied and wrote 14 history rows); an unknown transition or workflow is 404,
/// also with a stale version (before: 500).
/// </summary>
public sealed class VersionTokenTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Flow = "opportunity_flow";

    [Fact]
    public async Task Every_endpoint_that_binds_a_version_refuses_a_form_without_one_or_with_an_unreadable_one()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var opportunity = await factory.OpportunityAsync("Versioned", adminId, await factory.AccountAsync("Versions Ltd", adminId), budget: 1000m);
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => (Pattern: e.RoutePattern.RawText!, Action: e.Metadata.GetMetadata<ControllerActionDescriptor>()))
            .Where(e => e.Action is not null && BindsVersion(e.Action, e.Pattern.Contains("{id", StringComparison.Ordinal)))
            .ToList();
        Assert.True(endpoints.Count >= 12, $"Only {endpoints.Count} endpoints bind a version: {string.Join(", ", endpoints.Select(e => e.Pattern))}.");

        var failures = new List<string>();
        foreach (var (pattern, _) in endpoints)
        {
            var url = "/" + pattern.TrimStart('/')
                .Replace("{id:int}", opportunity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{workflow}", Flow, StringComparison.Ordinal).Replace("{transition}", "develop", StringComparison.Ordinal);
            foreach (var (label, fields) in new (string, KeyValuePair<string, string>[])[]
            {
                ("no version", [new("Name", "Changed")]),
                ("version=abc", [new("Name", "Changed"), new("Version", "abc"), new("version", "abc"), new("Revision", "abc"), new("leadVersion", "abc")]),
                ("empty version", [new("Name", "Changed"), new("Version", string.Empty), new("Revision", string.Empty), new("leadVersion", string.Empty)]),
            })
            {
                using var answer = await admin.PostFormAsync(url, fields, "/opportunities");
                var body = await answer.Content.ReadAsStringAsync();
                if (answer.StatusCode != HttpStatusCode.BadRequest || !body.Contains("sent without the version", StringComparison.Ordinal))
                {
                    failures.Add($"{pattern} [{label}]: {(int)answer.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(opportunity.Version, (await factory.ReloadAsync(opportunity.Id)).Version);
    }

    [Fact]
    public async Task Twenty_transitions_at_once_without_a_version_apply_none_and_with_one_version_apply_once()
    {
        var factory = fixture.Start();
        await ActivateAsync(factory, Flow);
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var opportunity = await factory.OpportunityAsync("Raced", adminId, await factory.AccountAsync("Race Ltd", adminId), budget: 1000m);

        var unversioned = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.PostFormAsync(
            $"/opportunities/{opportunity.Id}/workflows/{Flow}/start", [new("Fields[status]", "in_progress")], "/opportunities")));
        Assert.All(unversioned, a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Equal(0, await LogsAsync(factory, opportunity.Id));

        var version = opportunity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var versioned = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.PostFormAsync(
            $"/opportunities/{opportunity.Id}/workflows/{Flow}/start", [new("Version", version), new("Fields[status]", "in_progress")], "/opportunities")));
        Assert.True(versioned.Count(a => a.StatusCode == HttpStatusCode.Redirect) == 1, string.Join(", ", versioned.Select(a => (int)a.StatusCode)) + " " + await versioned[0].Content.ReadAsStringAsync());
        // The rest are refused: a conflict, or (once the first is committed, as Start changed no field) "not available in step Open".
        Assert.All(versioned.Where(a => a.StatusCode != HttpStatusCode.Redirect), a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        Assert.Equal(1, await LogsAsync(factory, opportunity.Id));
    }

    [Fact]
    public async Task An_unknown_transition_or_workflow_is_404_for_a_form_and_a_run_even_with_a_stale_version()
    {
        var factory = fixture.Start();
        await ActivateAsync(factory, Flow);
        var (rep, repUser) = await factory.RepAsync();
        var opportunity = await factory.OpportunityAsync("Nope", repUser.Id, await factory.AccountAsync("Nope Ltd", repUser.Id), budget: 1000m);
        var lead = await factory.WithDbAsync(db => db.Set<Oro.Opportunities.Domain.Leads.Lead>().Select(l => (int?)l.Id).FirstOrDefaultAsync());

        foreach (var path in new[] { $"/opportunities/{opportunity.Id}/workflows/{Flow}/nope", $"/opportunities/{opportunity.Id}/workflows/no_such_flow/start", $"/leads/{lead ?? 1}/workflows/unqualified_sales_lead/nope" })
        {
            foreach (var version in new[] { opportunity.Version, opportunity.Version + 7 })
            {
                using var run = await rep.PostFormAsync(path, [new("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))], "/opportunities");
                Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
            }

            using var form = await rep.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        }
    }

    [Theory]
    [InlineData("/opportunities/mass", "assign")]
    [InlineData("/opportunities/mass", "delete")]
    [InlineData("/leads/mass", "assign")]
    [InlineData("/leads/mass", "delete")]
    public async Task A_mass_action_sends_each_rows_version_and_leaves_a_row_changed_since_untouched(string url, string action)
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var (_, rep) = await factory.RepAsync();
        var account = await factory.AccountAsync("Mass versions " + Guid.NewGuid().ToString("N")[..6], adminId);
        var leads = url.StartsWith("/leads", StringComparison.Ordinal);
        var fresh = leads ? await Leads.LeadTestHelpers.CreateLeadAsync(admin, "Fresh " + action, adminId) : (await factory.OpportunityAsync("Fresh " + action, adminId, account, budget: 10m)).Id;
        var stale = leads ? await Leads.LeadTestHelpers.CreateLeadAsync(admin, "Stale " + action, adminId) : (await factory.OpportunityAsync("Stale " + action, adminId, account, budget: 10m)).Id;
        var freshVersion = await VersionAsync(factory, leads, fresh);
        var staleVersion = await VersionAsync(factory, leads, stale);
        string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> Form(bool withVersions) =>
        [
            new("action", action), new("ownerId", Text(rep.Id)),
            new("ids", Text(fresh)), new("ids", Text(stale)),
            .. withVersions ? new KeyValuePair<string, string>[] { new($"versions[{fresh}]", Text(freshVersion)), new($"versions[{stale}]", Text(staleVersion)) } : [],
        ];

        // Someone changes one of the selected rows after the grid showed it.
        await factory.WithDbAsync(db => leads
            ? db.Database.ExecuteSqlAsync($"UPDATE \"Leads\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {stale}")
            : db.Database.ExecuteSqlAsync($"UPDATE \"Opportunities\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {stale}"));

        using var unversioned = await admin.PostFormAsync(url, Form(withVersions: false), leads ? "/leads" : "/opportunities");
        Assert.Equal(HttpStatusCode.BadRequest, unversioned.StatusCode);
        Assert.Equal(freshVersion, await VersionAsync(factory, leads, fresh));

        using var versioned = await admin.PostFormAsync(url, Form(withVersions: true), leads ? "/leads" : "/opportunities");
        Assert.Equal(HttpStatusCode.Redirect, versioned.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(versioned.Headers.Location));
        Assert.Contains("1 not changed", page, StringComparison.Ordinal);
        Assert.Contains($"#{stale}:", page, StringComparison.Ordinal);
        Assert.NotNull(await VersionOrNullAsync(factory, leads, stale));
        Assert.Equal(staleVersion + 1, await VersionAsync(factory, leads, stale));
        Assert.Equal(action == "delete" ? null : freshVersion + 1, await VersionOrNullAsync(factory, leads, fresh));
    }

    private static async Task<long> VersionAsync(OroAppFactory factory, bool lead, int id) => (await VersionOrNullAsync(factory, lead, id))!.Value;

    private static Task<long?> VersionOrNullAsync(OroAppFactory factory, bool lead, int id) =>
        factory.WithDbAsync(db => lead
            ? db.Set<Oro.Opportunities.Domain.Leads.Lead>().Where(l => l.Id == id).Select(l => (long?)l.Version).SingleOrDefaultAsync()
            : db.Opportunities.Where(o => o.Id == id).Select(o => (long?)o.Version).SingleOrDefaultAsync());

    /// <summary>The test's own reading of "binds a version": a long named …Version or Revision, directly or on a bound form (a form of a record with an id).</summary>
    private static bool BindsVersion(ControllerActionDescriptor action, bool forRecord) =>
        action.Parameters.OfType<ControllerParameterDescriptor>().Any(p =>
            IsToken(p.Name, p.ParameterType)
            || (p.ParameterType.IsClass && p.ParameterType != typeof(string) && p.ParameterInfo.GetCustomAttributes().All(a => a.GetType().Name != "CreatesRecordAttribute" && a.GetType().Name != "FromServicesAttribute")
                && p.ParameterType.GetProperties().Any(q => q.CanWrite && IsToken(q.Name, q.PropertyType) && (forRecord || q.Name == "Revision"))));

    private static bool IsToken(string name, Type type) =>
        (type == typeof(long) || type == typeof(long?)) && (name.EndsWith("Version", StringComparison.OrdinalIgnoreCase) || name == "Revision" || name == "revision");

    private static Task<int> LogsAsync(OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.WorkflowTransitionLogs.CountAsync(l => l.EntityId == id && l.Entity == "opportunity"));

    private static Task ActivateAsync(OroAppFactory factory, string name) =>
        factory.WithDbAsync(async db =>
        {
            // Activated after the test's records were made: they are not in the workflow until its Start transition.
            var record = await db.WorkflowDefinitions.SingleAsync(w => w.Name == name);
            record.Deactivate();
            record.Activate(DateTime.UtcNow.AddHours(1));
            (await db.ConfigurationRevisions.SingleAsync()).Revision++;
            await db.SaveChangesAsync();
        });
}
