using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// An upload form's size limit, applied before anything reads the request body (the antiforgery check
/// included). A body over the limit ends on the form's page with <c>?error=too-large</c> (the page says
/// so), never on an error page; the form may hold few values.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class UploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public const string TooLargeQuery = "error=too-large";

    // Before the antiforgery filter (order 1000), which reads the form.
    public int Order => -2000;

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new Filter(MaxBytes(serviceProvider), PageOf);

    /// <summary>The largest file the form takes.</summary>
    protected abstract long MaxBytes(IServiceProvider services);

    /// <summary>The page that shows the form (it reads <see cref="TooLargeQuery"/>).</summary>
    protected abstract string PageOf(HttpRequest request);

    private sealed class Filter(long maxBytes, Func<HttpRequest, string> pageOf) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        // The other fields of the form and the multipart framing.
        private const long Slack = 64 * 1024;

        public int Order => -2000;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = maxBytes + Slack;
            }

            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                MultipartBodyLengthLimit = maxBytes + Slack,
                ValueCountLimit = 50,
            }));
            var page = pageOf(http.Request) + "?" + TooLargeQuery;
            if (http.Request.ContentLength > maxBytes + Slack)
            {
                context.Result = new RedirectResult(page);
                return;
            }

            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                context.Result = new RedirectResult(page);
            }
        }
    }
}
