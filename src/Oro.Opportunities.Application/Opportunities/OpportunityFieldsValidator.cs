using FluentValidation;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>The fields a create or edit request carries, however it arrives (the form, later the API).</summary>
public interface IOpportunityFields
{
    string Name { get; }

    int? StatusId { get; }

    int? Probability { get; }

    decimal? BudgetAmount { get; }

    decimal? CloseRevenueAmount { get; }

    string? CustomerNeed { get; }

    string? ProposedSolution { get; }

    string? Notes { get; }
}

/// <summary>
/// The request checks of creating or editing an opportunity, shared by every request type that
/// carries its fields: the form's model (which also gives the browser the same rules) and
/// <see cref="OpportunityInput"/> (checked by the use case itself, so the API gets them too). The rules
/// that depend on the record and the configuration are the domain's (spec §3).
/// </summary>
public class OpportunityFieldsValidator<T> : AbstractValidator<T>
    where T : IOpportunityFields
{
    public OpportunityFieldsValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithMessage("Enter the opportunity name.")
            .MaximumLength(Opportunity.NameMaxLength).WithMessage($"The opportunity name has at most {Opportunity.NameMaxLength} characters.");
        RuleFor(m => m.StatusId).NotNull().WithMessage("Choose a status.");
        RuleFor(m => m.Probability).InclusiveBetween(0, 100).WithMessage("The probability is a whole percent from 0 to 100.");
        RuleFor(m => m.BudgetAmount).GreaterThanOrEqualTo(0m).WithMessage("The budget amount cannot be negative.")
            .PrecisionScale(19, 4, ignoreTrailingZeros: true).WithMessage("Use at most 4 decimals and 15 digits before the point.");
        RuleFor(m => m.CloseRevenueAmount).GreaterThanOrEqualTo(0m).WithMessage("The close revenue cannot be negative.")
            .PrecisionScale(19, 4, ignoreTrailingZeros: true).WithMessage("Use at most 4 decimals and 15 digits before the point.");
        RuleFor(m => m.CustomerNeed).MaximumLength(Opportunity.LongTextMaxLength);
        RuleFor(m => m.ProposedSolution).MaximumLength(Opportunity.LongTextMaxLength);
        RuleFor(m => m.Notes).MaximumLength(Opportunity.LongTextMaxLength);
    }
}

/// <summary>What <see cref="OpportunityCommands"/> checks before building a change from an <see cref="OpportunityInput"/>.</summary>
public sealed class OpportunityInputValidator : OpportunityFieldsValidator<OpportunityInput>
{
    public OpportunityInputValidator()
    {
        RuleFor(m => m.NewAccountName).NotEmpty().When(m => m.AccountId is null).WithMessage("Choose an account or type the name of a new one.")
            .MaximumLength(Domain.Customers.Account.NameMaxLength);
        RuleFor(m => m.NewContactName).MaximumLength(201);
    }
}
