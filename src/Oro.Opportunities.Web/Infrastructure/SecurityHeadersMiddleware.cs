namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Adds the security headers of the quality bar to every response, static files and error pages
/// included. Scripts and styles come only from the app itself: views carry no inline scripts.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static bool IsData(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase));

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";

            // Whatever a signed-in user receives (pages, JSON look-ups, inline-edit answers, progress,
            // CSV) may carry customer data: no cache keeps it. Static files are served before
            // authentication, so they keep their caching.
            if (context.User.Identity?.IsAuthenticated == true || IsData(context.Response.ContentType))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
