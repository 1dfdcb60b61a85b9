using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>Leads created and converted through the pages, as a user would.</summary>
internal static class LeadTestHelpers
{
    /// <summary>Creates a lead through the form; <paramref name="fields"/> add to or replace the defaults.</summary>
    public static async Task<int> CreateLeadAsync(this HttpClient client, string name, int ownerId, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.OwnerId"] = Text(ownerId),
            ["Form.Version"] = "0",
        };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        var response = await client.PostFormAsync("/leads/create", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Creating the lead answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return IdFrom(response, "leads");
    }

    /// <summary>The fields the convert page posts when its prefilled form is saved as it is (plus <paramref name="changes"/>).</summary>
    public static async Task<FormFields> ConvertFormAsync(this HttpClient client, int leadId, params (string Key, string Value)[] changes)
    {
        var form = await client.GetFormAsync($"/leads/{leadId}/convert", "data-testid=\"convert-form\"");
        foreach (var (key, value) in changes)
        {
            form.Set(key, value);
        }

        return form;
    }

    public static Task<HttpResponseMessage> ConvertAsync(this HttpClient client, int leadId, FormFields form) =>
        form.PostAsync(client, $"/leads/{leadId}/convert");

    /// <summary>A role with the given View and Edit levels on leads (Create with Edit, no Delete or Assign), nothing else.</summary>
    public static async Task<string> CreateLeadRoleAsync(this OroAppFactory factory, AccessLevel view, AccessLevel edit)
    {
        var name = Unique("leadrole");
        await factory.WithDbAsync(async db =>
        {
            var role = new AppRole(name) { NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() };
            db.Roles.Add(role);
            await db.SaveChangesAsync();
            db.RolePermissions.Add(new RolePermission(role.Id, SecuredEntity.Lead, PermissionAction.View, view));
            db.RolePermissions.Add(new RolePermission(role.Id, SecuredEntity.Lead, PermissionAction.Edit, edit));
            db.RolePermissions.Add(new RolePermission(role.Id, SecuredEntity.Lead, PermissionAction.Create, edit));
            await db.SaveChangesAsync();
        });
        return name;
    }

    public static Task<Lead> LeadAsync(this OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id));

    public static Task<List<Opportunity>> OpportunitiesOfLeadAsync(this OroAppFactory factory, int leadId) =>
        factory.WithDbAsync(db => db.Opportunities.AsNoTracking().Where(o => o.LeadId == leadId).ToListAsync());
}
