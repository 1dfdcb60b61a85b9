using FluentValidation;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Web.Features.Opportunities;

/// <summary>The create/edit form as posted (spec §4 field order).</summary>
public sealed class OpportunityEditModel : IOpportunityFields
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

/// <summary>The form's checks: the shared request rules (Application) plus the pickers' text fields.</summary>
public sealed class OpportunityEditModelValidator : OpportunityFieldsValidator<OpportunityEditModel>
{
    public OpportunityEditModelValidator()
    {
        RuleFor(m => m.AccountName).NotEmpty().When(m => m.AccountId is null).WithMessage("Choose an account or type the name of a new one.")
            .MaximumLength(Domain.Customers.Account.NameMaxLength);
        RuleFor(m => m.ContactName).MaximumLength(201);
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

    /// <summary>With a workflow active, the drop runs this transition (spec §6) with <see cref="Fields"/> as its form.</summary>
    public string? Workflow { get; set; }

    public string? Transition { get; set; }

    public Dictionary<string, string?> Fields { get; set; } = [];

    public int? FromStatusId { get; set; }
}
