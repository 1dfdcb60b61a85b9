using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.Application.Security;

public static class IdentityResults
{
    private const string StaleRecord = "Someone else changed this record after you opened the page. Reload the page and try again.";

    /// <summary>
    /// Refuses a form built from an older version of the record. The store's own concurrency token
    /// then covers the short window between this check and the save.
    /// </summary>
    /// <param name="formStamp">The stamp the form was built from; null skips the check.</param>
    public static void EnsureUnchangedSince(string? formStamp, string? currentStamp)
    {
        if (formStamp is not null && !string.Equals(formStamp, currentStamp, StringComparison.Ordinal))
        {
            throw new DomainRuleException(StaleRecord);
        }
    }

    /// <summary>
    /// Turns Identity's refusal into the rule error the pages already show, beside the field it concerns.
    /// Field names follow the input models (UserName, Email, Password, Name).
    /// </summary>
    public static void ThrowIfFailed(this IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var first = result.Errors.First();
        if (first.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
        {
            throw new DomainRuleException(StaleRecord);
        }

        var field = FieldOf(first.Code);
        var messages = result.Errors.Where(e => FieldOf(e.Code) == field).Select(e => e.Description);
        throw new DomainRuleException(string.Join(" ", messages), field);
    }

    public static string? FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "Password",
        nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "UserName",
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.InvalidEmail) => "Email",
        nameof(IdentityErrorDescriber.DuplicateRoleName) or nameof(IdentityErrorDescriber.InvalidRoleName) => "Name",
        _ => null,
    };

    /// <summary>
    /// Runs several Identity calls (each saves on its own) as one unit. The execution strategy is
    /// needed because SQL Server retries on failure, which refuses a bare user transaction.
    /// </summary>
    public static Task InTransactionAsync(this AppDbContext db, Func<Task> work, CancellationToken cancellationToken = default) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await work();
            await transaction.CommitAsync(cancellationToken);
        });
}
