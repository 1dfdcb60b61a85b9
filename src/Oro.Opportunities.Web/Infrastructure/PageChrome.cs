using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>One step of the breadcrumb trail; the last step has no link.</summary>
public sealed record Breadcrumb(string Label, string? Url = null);

public enum FlashKind
{
    Success,
    Info,
    Warning,
    Danger,
}

/// <summary>Breadcrumbs, titles and flash messages shared by every page.</summary>
public static class PageChrome
{
    private const string BreadcrumbsKey = "Oro.Breadcrumbs";
    private const string FlashPrefix = "Oro.Flash.";

    public static void SetPage(this ViewDataDictionary viewData, string title, params Breadcrumb[] trail)
    {
        viewData["Title"] = title;
        viewData[BreadcrumbsKey] = trail;
    }

    public static IReadOnlyList<Breadcrumb> Breadcrumbs(this ViewDataDictionary viewData) =>
        viewData[BreadcrumbsKey] as Breadcrumb[] ?? [];

    /// <summary>Queues a message for the next page (Post/Redirect/Get).</summary>
    public static void Flash(this Controller controller, FlashKind kind, string message) =>
        controller.TempData[FlashPrefix + kind] = message;

    public static IEnumerable<(FlashKind Kind, string Message)> TakeFlashes(this ITempDataDictionary tempData)
    {
        foreach (var kind in Enum.GetValues<FlashKind>())
        {
            if (tempData[FlashPrefix + kind] is string message)
            {
                yield return (kind, message);
            }
        }
    }

    /// <summary>Puts a rule's refusal beside the field it names, or at the top of the form.</summary>
    public static void AddRuleError(this ModelStateDictionary modelState, DomainRuleException error, string? prefix = null) =>
        modelState.AddModelError(
            error.Field is null ? string.Empty : (prefix is null ? error.Field : prefix + "." + error.Field),
            error.Message);
}
