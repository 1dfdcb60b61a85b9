using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Binds <see cref="OpportunitySearch"/> as MVC does, then applies <see cref="OpportunitySearchRules"/>:
/// every path that binds a search (grid, board, board column, export, the board's card move) gets
/// only values its queries can run, whatever the query string held.
/// </summary>
public sealed class OpportunitySearchBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(OpportunitySearch) && new ComplexObjectModelBinderProvider().GetBinder(context) is { } inner
            ? new OpportunitySearchBinder(inner)
            : null;
}

public sealed class OpportunitySearchBinder(IModelBinder inner) : IModelBinder
{
    private const string ProblemsKey = "Oro.SearchProblems";

    private static readonly HashSet<string> Properties =
        typeof(OpportunitySearch).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        await inner.BindModelAsync(bindingContext);
        if (bindingContext.Result.Model is not OpportunitySearch search)
        {
            return;
        }

        var problems = Problems(bindingContext.HttpContext);

        // Values that did not parse at all ("tomorrow", "1e400") were left empty by binding; say so. An
        // empty value is the filter form's "any" (owner=): nothing to report.
        foreach (var (key, entry) in bindingContext.ModelState)
        {
            var property = key.Split('.').Last().Split('[')[0];
            if (entry.Errors.Count > 0 && Properties.Contains(property) && !string.IsNullOrWhiteSpace(entry.AttemptedValue))
            {
                var attempted = entry.AttemptedValue ?? string.Empty;
                problems.Add($"The {property} filter value '{(attempted.Length > 40 ? attempted[..40] + "…" : attempted).Replace("\0", string.Empty, StringComparison.Ordinal)}' is not valid; it was ignored.");
            }
        }

        problems.AddRange(OpportunitySearchRules.Sanitize(search));
    }

    /// <summary>What binding refused in this request, for <see cref="SearchProblemsFilter"/>.</summary>
    public static List<string> Problems(HttpContext context)
    {
        if (context.Items[ProblemsKey] is not List<string> problems)
        {
            problems = [];
            context.Items[ProblemsKey] = problems;
        }

        return problems;
    }
}

/// <summary>Marks a page that shows itself with a message when some filters were refused (the grid, the board).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ShowsFilterProblemsAttribute : Attribute;

/// <summary>
/// Tells the user which filter values were refused. A page marked <see cref="ShowsFilterProblemsAttribute"/>
/// renders with the other filters and a message (status 400); anything else (export, board column,
/// JSON) answers 400 with the message before it writes a byte, so a download is never cut short.
/// </summary>
public sealed class SearchProblemsFilter : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var problems = OpportunitySearchBinder.Problems(context.HttpContext);
        if (problems.Count > 0 && context.ActionArguments.Values.Any(v => v is OpportunitySearch))
        {
            var text = string.Join(" ", problems.Distinct().Take(10));
            if (context.ActionDescriptor.EndpointMetadata.OfType<ShowsFilterProblemsAttribute>().Any() && context.Controller is Controller controller)
            {
                controller.Flash(FlashKind.Warning, text);
                context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            else
            {
                context.Result = ErrorResults.For(context, StatusCodes.Status400BadRequest, "The filter is not valid", text);
                return;
            }
        }

        await next();
    }
}
