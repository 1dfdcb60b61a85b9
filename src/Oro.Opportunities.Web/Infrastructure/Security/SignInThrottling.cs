using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>Limits of sign-in attempts (configuration section <c>SignIn</c>, ADR-0012).</summary>
public sealed class SignInLimits
{
    public const string Section = "SignIn";

    /// <summary>Attempts from one client address per <see cref="PerAddressWindow"/>.</summary>
    public int PerAddressPermitLimit { get; set; } = 20;

    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts for one user name, from anywhere, per <see cref="PerUserNameWindow"/>.</summary>
    public int PerUserNamePermitLimit { get; set; } = 5;

    public TimeSpan PerUserNameWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords (that passed the throttle) before the account is locked.</summary>
    public int LockoutAfterFailures { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public static SignInLimits From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SignInLimits>() ?? new SignInLimits();
}

/// <summary>
/// Anti-automation for <c>POST /account/login</c> with ASP.NET Core's rate limiter: one fixed window
/// per client address and one per user name, chained, answering 429 with <c>Retry-After</c>. A
/// throttled attempt never reaches the password check, so it cannot count towards a lockout (ADR-0012).
/// </summary>
public static class SignInThrottling
{
    public static IServiceCollection AddOroSignInThrottling(this IServiceCollection services, SignInLimits limits)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(limits.PerAddressPermitLimit, limits.PerAddressWindow))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + UserName(context), _ => Window(limits.PerUserNamePermitLimit, limits.PerUserNameWindow))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
        });
        return services;
    }

    /// <summary>
    /// Reads the sign-in form before the rate limiter, whose partition callback is synchronous, needs
    /// the user name. A form that cannot be read is left for the request guard to refuse.
    /// </summary>
    public static IApplicationBuilder UseOroSignInThrottling(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignIn(context) && context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
                {
                    // The user name stays unknown; the attempt still counts for its address.
                }
            }

            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static bool IsSignIn(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase);

    private static string UserName(HttpContext context)
    {
        var name = context.Features.Get<IFormFeature>()?.Form?["UserName"].ToString().Trim() ?? string.Empty;
        return (name.Length > 256 ? name[..256] : name).ToUpperInvariant();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
