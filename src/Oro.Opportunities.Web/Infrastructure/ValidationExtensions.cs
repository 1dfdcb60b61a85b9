using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Oro.Opportunities.Web.Infrastructure;

public static class ValidationExtensions
{
    /// <summary>
    /// Runs a FluentValidation validator explicitly (ADR-0006) and copies its failures into
    /// ModelState, so that the messages show beside their fields. Returns true when valid.
    /// </summary>
    public static async Task<bool> ValidateIntoAsync<T>(this IValidator<T> validator, T model, ModelStateDictionary modelState, string? prefix = null, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(model, cancellationToken);
        foreach (var failure in result.Errors)
        {
            var key = string.IsNullOrEmpty(prefix) ? failure.PropertyName : $"{prefix}.{failure.PropertyName}";
            modelState.AddModelError(key, failure.ErrorMessage);
        }

        return result.IsValid && modelState.IsValid;
    }
}
