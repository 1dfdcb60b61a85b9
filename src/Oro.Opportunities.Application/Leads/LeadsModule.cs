using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Leads;

/// <summary>Sales → Leads (spec §9): its menu entry, its switch ("Enable Lead") and its services.</summary>
public sealed class LeadsModule : IFeatureModule
{
    /// <summary>The leads grid's name for its saved views.</summary>
    public const string SavedViewsGrid = "leads";

    public IEnumerable<MenuEntry> Menu =>
        [new("sales", "Leads", "/leads", "bi-person-plus", 20, MenuEntry.ViewersOf(SecuredEntity.Lead, Feature.Leads))];

    public IEnumerable<FeatureGate> Gates => [new(Feature.Leads, "/leads")];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<LeadQueries>();
        services.AddScoped<LeadCommands>();
        services.AddScoped<LeadConversion>();
        services.AddScoped<LeadActions>();
        services.AddScoped<LeadSourceSettings>();
        services.AddScoped<LeadExporter>();
        services.AddScoped<ImportExport.IImportTarget, LeadImportTarget>();

        // The lead workflow replaces this registration when it is built (see ILeadWorkflowGate).
        services.TryAddScoped<ILeadWorkflowGate, NoLeadWorkflow>();
    }
}
