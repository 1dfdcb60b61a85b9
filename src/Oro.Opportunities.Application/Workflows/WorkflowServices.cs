using Microsoft.Extensions.DependencyInjection;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>The workflows feature's services, registered in one place.</summary>
public static class WorkflowServices
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddOptions<WorkflowDefinitionLimits>().BindConfiguration(WorkflowDefinitionLimits.Section);
        services.AddSingleton<WorkflowCatalogCache>();
        services.AddSingleton<WorkflowRestrictions>();
        services.AddScoped<WorkflowAdministration>();
        services.AddScoped<WorkflowRunner>();
        services.AddScoped<WorkflowPanels>();
        services.AddScoped<LeadWorkflowRunner>();

        // Replaces the leads module's NoLeadWorkflow (registered with TryAdd): the last registration wins.
        services.AddScoped<Leads.ILeadWorkflowGate, LeadWorkflowGate>();
        return services;
    }
}
