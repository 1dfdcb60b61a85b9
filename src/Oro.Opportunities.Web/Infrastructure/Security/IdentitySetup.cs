using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;

namespace Oro.Opportunities.Web.Infrastructure.Security;

public static class IdentitySetup
{
    /// <summary>Kept in the cookie's properties from sign-in on; sliding renewals copy it, so it bounds the session.</summary>
    public const string SignedInAtKey = "oro.signed-in-at";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public static IServiceCollection AddOroIdentity(this IServiceCollection services, SignInLimits limits)
    {
        services.AddScoped<UserSessions>();
        services.AddSingleton<SessionCache>();
        services.AddIdentity<AppUser, AppRole>(options =>
            {
                // Length over composition (NIST SP 800-63B, ASVS 2.1): at least 12 characters, nothing else imposed.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                // Throttling comes first and keeps anonymous guessing below this threshold for a long time (ADR-0012).
                options.Lockout.MaxFailedAccessAttempts = limits.LockoutAfterFailures;
                options.Lockout.DefaultLockoutTimeSpan = limits.LockoutDuration;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<OroSignInManager>()
            .AddDefaultTokenProviders();

        // Every request checks the session and the stamp in the database (UserSessions); Identity's own
        // validator still refreshes the claims every minute and must carry the session id over.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(UserSessions.SessionClaim) is { } session && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(session.Type, session.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "oro.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = IdleTimeout;
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/error/403";
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context =>
            {
                // A signed-in user without the right gets a real 403 with the friendly page, not a redirect.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            options.Events.OnSigningIn = context =>
            {
                context.Properties.Items.TryAdd(SignedInAtKey, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                if (IsPastAbsoluteTimeout(context.Properties, DateTimeOffset.UtcNow))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // A signed-out, signed-out-everywhere or re-passworded session is refused at once, on every instance.
                var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
                if (!await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        return services;
    }

    public static bool IsPastAbsoluteTimeout(AuthenticationProperties properties, DateTimeOffset now) =>
        properties.Items.TryGetValue(SignedInAtKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt)
        && now - signedInAt > AbsoluteTimeout;

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // Scripts (fetch, XHR) get the status code; a browser navigating gets the login page.
        var request = context.Request;
        var wantsJson = request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
            || request.Headers.XRequestedWith == "XMLHttpRequest";
        if (wantsJson)
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
