using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Application.Security;

namespace Oro.Opportunities.Application;

public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddOroApplication(this IServiceCollection services)
    {
        services.AddSingleton<ConfigurationCache>();
        services.AddScoped<ISystemConfiguration, SystemConfiguration>();
        services.AddScoped<ConfigurationWriter>();
        services.AddScoped<AccessControl>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<SalesPipelineSettings>();
        services.AddScoped<StatusListEditor>();
        services.AddScoped<IStatusUsage, OpportunityStatusUsage>();
        services.AddScoped<CurrencySettings>();
        services.AddScoped<ICurrencyUsage, OpportunityCurrencyUsage>();
        return services;
    }
}
