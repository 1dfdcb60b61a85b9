using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Oro.Opportunities.Application;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Web.Features.Configuration;
using Oro.Opportunities.Web.Features.ImportExport;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Infrastructure;

public static class WebSetup
{
    public static IServiceCollection AddOroWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOroApplication();
        services.AddOroImportExport();
        services.AddOroCurrencyJobs();
        services.AddHttpContextAccessor();
        services.AddScoped<HttpCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<HttpCurrentUser>());
        services.AddScoped<Oro.Opportunities.Data.Auditing.IAuditContext>(sp => sp.GetRequiredService<HttpCurrentUser>());
        services.AddScoped<NavigationBuilder>();
        services.AddScoped<PartialRenderer>();

        // Keys in the database: every node reads every cookie; encrypted at rest with a certificate when one is configured (ADR-0017).
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Oro.Opportunities")
            .PersistKeysToDbContext<AppDbContext>();
        if (DataProtectionCertificate.Load(configuration) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        // Behind a reverse proxy (nginx, ADR-0017): the client's address and scheme from the proxies listed in configuration only.
        services.Configure<ForwardedHeadersOptions>(options => ProxySettings.Apply(options, configuration));

        services.AddControllersWithViews(options =>
        {
            // Required-ness comes from the FluentValidation validators only, with their messages.
            options.ModelValidatorProviders.Clear();
            options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            // Every state-changing request must carry the antiforgery token (quality bar).
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            // The use cases' refusals become answers here, not in a catch per action.
            options.Filters.Add(new DomainErrorsFilter());
            // A form that changes something sends the version it was built from (issue 21).
            options.Filters.Add(new VersionTokenFilter());

            // No input gives a 500 (issue 10): unreadable bodies and NUL characters are refused before
            // antiforgery reads the form, filter values are checked where they are bound, and no
            // redirect echoes unbounded input.
            options.Filters.Add<FormContentTypeGuard>(FormContentTypeGuard.Order);
            options.Filters.Add<RequestBodyGuard>(RequestBodyGuard.Order);
            options.Filters.Add<SearchProblemsFilter>();
            options.Filters.Add<RedirectLengthFilter>();
            options.Filters.Add<UserTimeFilter>();
            options.ModelBinderProviders.Insert(0, new OpportunitySearchBinderProvider());
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.AddServerHeader = false);
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.Configure<RazorViewEngineOptions>(options =>
        {
            // Feature folders: a controller's views sit beside it in Features/<Controller>/.
            options.ViewLocationFormats.Clear();
            options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
            options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "oro.af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.HeaderName = "X-CSRF-TOKEN";
        });

        // Validators are stateless once built, and building one's rules cost about 1 % of a grid page's CPU
        // (the controller takes the form's validator): singletons, except the upload's, which reads
        // the import options as they are now.
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, r => r.ValidatorType != typeof(ImportUploadModelValidator));
        services.AddScoped<IValidator<ImportUploadModel>, ImportUploadModelValidator>();
        services.AddFluentValidationClientsideAdapters();

        var signInLimits = SignInLimits.From(configuration);
        services.AddOroIdentity(signInLimits);
        services.AddOroSignInThrottling(signInLimits);
        services.AddOroAuthorization();

        services.AddSingleton<DatabaseAvailability>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseAvailability>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(10));
        return services;
    }

    public static async Task InitializeAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        DataProtectionCertificate.LogState(app.Configuration, app.Logger);
        await DatabaseInitializer.MigrateAsync(db);
        await DatabaseInitializer.SeedReferenceDataAsync(db);
        await scope.ServiceProvider.GetRequiredService<Application.Workflows.WorkflowAdministration>().EnsureSystemDefinitionsAsync();
        await AdminBootstrapper.EnsureAdministratorAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(),
            app.Configuration,
            app.Logger);
    }

    public static WebApplication UseOroPipeline(this WebApplication app)
    {
        // First: everything after sees the client's address (sign-in throttling) and scheme (HSTS, secure cookies) as nginx received them.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            // Only over HTTPS, and never for localhost (HstsOptions.ExcludedHosts).
            app.UseHsts();
        }

        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseSerilogRequestLoggingWithUser();

        // A database that went away answers 503 at once, before anything (the sign-in cookie's check included) needs it.
        app.UseMiddleware<DatabaseOutageMiddleware>();

        // One read of the data revisions serves the whole request: its session check, permissions,
        // configuration, cached totals and lookups (DataRevisions.CurrentAsync).
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<Oro.Opportunities.Data.AppDbContext>().MemoizeRevisions = true;
            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<FeatureGateMiddleware>();

        app.MapHealthChecks("/health", HealthResponse.Options).AllowAnonymous();
        app.MapControllers();
        return app;
    }
}
