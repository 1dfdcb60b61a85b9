using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Application.Demo;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Application.Workflows;

namespace Oro.Opportunities.Application;

public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddOroApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigurationCache>();
        services.AddScoped<ISystemConfiguration, SystemConfiguration>();
        services.AddScoped<ConfigurationWriter>();
        services.AddSingleton<AccessCache>();
        services.AddScoped<AccessControl>();
        services.AddScoped<Common.UserClock>();

        services.AddScoped<SalesPipelineSettings>();
        services.AddScoped<LocalizationSettings>();
        services.AddScoped<StatusListEditor>();
        services.AddScoped<IStatusUsage, OpportunityStatusUsage>();
        services.AddScoped<CurrencySettings>();
        services.AddScoped<BaseCurrencyChange>();
        services.AddSingleton<BaseCurrencyChangeStatus>();
        services.AddScoped<ICurrencyUsage, OpportunityCurrencyUsage>();

        services.AddSingleton<TotalsCache>();
        services.AddSingleton<Board.LiveBoardTotals>();
        services.AddScoped<Board.BoardMoveLog>();
        services.AddScoped<OpportunityGridQuery>();
        services.AddScoped<OpportunityDetailsQuery>();
        services.AddScoped<ChangeHistory>();
        services.AddScoped<OpportunitySaveStep>();
        services.AddScoped<IOpportunityChangeHandler, Board.BoardTotalsJournal>();
        services.AddScoped<OpportunityCommands>();
        services.AddWorkflows();
        services.AddScoped<Lookups>();
        services.AddSingleton<LookupCache>();
        services.AddSingleton<SavedViewCache>();
        services.AddScoped<SavedViews>();
        services.AddScoped<Board.BoardQuery>();

        services.AddScoped<UserAdministration>();
        services.AddScoped<TeamAdministration>();
        services.AddScoped<RoleAdministration>();

        // Owned records (accounts, contacts, leads) share one use case; each feature registers its own
        // services, menu entries and switch in its module (IFeatureModule).
        services.AddScoped<RecordOwners>();
        services.AddScoped(typeof(OwnedRecords<>));
        services.AddScoped(typeof(RecordQueries<>));
        services.AddFeatureModules();

        services.AddScoped<DemoDataSeeder>();
        services.AddOptions<ImportOptions>().BindConfiguration("Import");
        services.AddSingleton<JobDbContextFactory>();
        services.TryAddSingleton<IImportFaultInjector, NoImportFaults>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<IImportTarget, OpportunityImportTarget>();
        services.AddSingleton<DatabaseFileStore>();

        // Leases on background jobs (ADR-0017): which node runs a job, and taking over from a lost one.
        services.AddOptions<Jobs.JobLeaseOptions>().BindConfiguration("BackgroundJobs");
        services.AddSingleton<Jobs.JobNode>();
        services.AddSingleton<Jobs.JobLeases>();
        services.AddSingleton<Jobs.JobTakeover>();
        services.AddScoped<BaseCurrencyChangeJobs>();
        services.AddScoped<BaseCurrencyChangeRunner>();
        services.AddScoped<OpportunityExporter>();
        services.AddScoped<ImportJobs>();
        return services;
    }
}
