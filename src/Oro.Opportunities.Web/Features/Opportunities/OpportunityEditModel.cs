using FluentValidation;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Web.Features.Opportunities;

/// <summary>The create/edit form as posted (spec §4 field order).</summary>
public sealed class OpportunityEditModel
{
    public int? Id { get; set; }

    public long Version { get; set; }

    public int? OwnerId { get; set; }

    public string Name { get; set; } = string.Empty;

    public int? AccountId { get; set; }

    /// <summary>The text of the account picker: a picked account's name, or a new name to create.</summary>
    public string? AccountName { get; set; }

    public int? ContactId { get; set; }

    public string? ContactName { get; set; }

    public int? StatusId { get; set; }

    public int? Probability { get; set; }

    public decimal? BudgetAmount { get; set; }

    public string? BudgetCurrency { get; set; }

    public DateOnly? CloseDate { get; set; }

    public decimal? CloseRevenueAmount { get; set; }

    public string? CloseRevenueCurrency { get; set; }

    public string? CloseReasonCode { get; set; }

    public string? CustomerNeed { get; set; }

    public string? ProposedSolution { get; set; }

    public string? Notes { get; set; }

    public OpportunityInput ToInput() => new()
    {
        OwnerId = OwnerId,
        Name = Name,
        AccountId = AccountId,
        NewAccountName = AccountId is null ? AccountName : null,
        ContactId = ContactId,
        NewContactName = ContactId is null ? ContactName : null,
        StatusId = StatusId,
        Probability = Probability,
        BudgetAmount = BudgetAmount,
        BudgetCurrency = BudgetCurrency,
        CloseDate = CloseDate,
        CloseRevenueAmount = CloseRevenueAmount,
        CloseRevenueCurrency = CloseRevenueCurrency,
        CloseReasonCode = string.IsNullOrWhiteSpace(CloseReasonCode) ? null : CloseReasonCode,
        CustomerNeed = CustomerNeed,
        ProposedSolution = ProposedSolution,
        Notes = Notes,
    };
}

public sealed class OpportunityEditModelValidator : AbstractValidator<OpportunityEditModel>
{
    public OpportunityEditModelValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithMessage("Enter the opportunity name.")
            .MaximumLength(Opportunity.NameMaxLength).WithMessage($"The opportunity name has at most {Opportunity.NameMaxLength} characters.");
        RuleFor(m => m.AccountName).NotEmpty().When(m => m.AccountId is null).WithMessage("Choose an account or type the name of a new one.")
            .MaximumLength(Domain.Customers.Account.NameMaxLength);
        RuleFor(m => m.ContactName).MaximumLength(201);
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

/// <summary>The status-change request of the grid's inline edit and the board (closing data optional).</summary>
public sealed class StatusChangeForm
{
    public long Version { get; set; }

    public int StatusId { get; set; }

    public DateOnly? CloseDate { get; set; }

    public decimal? CloseRevenue { get; set; }

    public string? CloseRevenueCurrency { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>The board's query string; when present the answer carries the card and column totals.</summary>
    public string? Board { get; set; }

    public int? FromStatusId { get; set; }
}
