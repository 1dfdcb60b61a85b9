using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>Marks a bound form that makes a new record (e.g. the opportunity a lead converts into): its version is not asked for.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CreatesRecordAttribute : Attribute;

/// <summary>
/// Every state-changing request carries the version it was built from (issue 21): a POST that binds a
/// concurrency token — a parameter, or a property of a bound form, named <c>Version</c>, <c>…Version</c>
/// or <c>Revision</c> — must send it as one whole number, or it is refused with 400 and a message before
/// the action runs. A missing token never means "skip the check". Found by reflection over the bound
/// parameters, so a new endpoint is covered without a list: a record's form (a route with an id) and
/// the configuration forms (their revision); a form that creates a record sends none. A mass action
/// (an <c>ids</c> list beside a <c>versions</c> map) sends <c>versions[id]</c> for every id it names.
/// </summary>
public sealed class VersionTokenFilter : IActionFilter
{
    // What each action binds, read by reflection once per action (and whether its route has an id), not per request.
    private static readonly ConcurrentDictionary<(string Action, bool ForRecord), (string[][] Keys, bool Mass)> Tokens = new();

    public const string Message = "This form was sent without the version of what it changes, so a change made meanwhile could be overwritten. Reload the page and try again.";

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || context.ActionDescriptor is not ControllerActionDescriptor action)
        {
            return;
        }

        var form = context.HttpContext.Request.HasFormContentType ? context.HttpContext.Request.Form : null;
        var (tokens, mass) = Tokens.GetOrAdd(
            (action.Id, context.RouteData.Values.ContainsKey("id")),
            key => (TokenKeys(action, key.ForRecord).ToArray(), IsMassAction(action)));
        IEnumerable<string[]> keys = tokens;
        if (mass && form is not null)
        {
            keys = keys.Concat(form["ids"].Select(id => new[] { $"versions[{id}]" }));
        }

        foreach (var key in keys)
        {
            if (form is null || !IsReadable(form, key))
            {
                context.Result = ErrorResults.For(context, StatusCodes.Status400BadRequest, "Version missing", Message);
                return;
            }
        }
    }

    private static bool IsMassAction(ControllerActionDescriptor action) =>
        action.Parameters.Any(p => p.Name == "ids") && action.Parameters.Any(p => p.Name == "versions" && typeof(IDictionary<int, long>).IsAssignableFrom(p.ParameterType));

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    /// <summary>The form keys that must hold a version, each with the names it may be sent under (with and without the form's prefix).</summary>
    private static IEnumerable<string[]> TokenKeys(ControllerActionDescriptor action, bool forRecord)
    {
        foreach (var parameter in action.Parameters.OfType<ControllerParameterDescriptor>())
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Services || source == BindingSource.Special || parameter.ParameterInfo.IsDefined(typeof(CreatesRecordAttribute)))
            {
                continue;
            }

            var name = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            if (IsToken(parameter.Name, parameter.ParameterType))
            {
                yield return [name];
                continue;
            }

            if (parameter.ParameterType.IsClass && parameter.ParameterType != typeof(string))
            {
                foreach (var property in parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.CanWrite && IsToken(property.Name, property.PropertyType) && (forRecord || property.Name == "Revision"))
                    {
                        yield return [name + "." + property.Name, property.Name];
                    }
                }
            }
        }
    }

    private static bool IsToken(string name, Type type) =>
        (type == typeof(long) || type == typeof(long?))
        && (name.EndsWith("Version", StringComparison.OrdinalIgnoreCase) || name.Equals("Revision", StringComparison.OrdinalIgnoreCase));

    private static bool IsReadable(IFormCollection form, string[] names)
    {
        foreach (var name in names)
        {
            if (form.TryGetValue(name, out var values))
            {
                return values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            }
        }

        return false;
    }
}
