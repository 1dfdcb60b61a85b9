using Oro.Opportunities.Domain.Statuses;
using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// A sales opportunity (spec §1). Every rule of spec §3 is a method here, so the form, inline
/// edit, the board, mass actions and import all change an opportunity the same way.
/// </summary>
public sealed class Opportunity : Security.IOwned
{
    public const int NameMaxLength = 255;
    public const int ExternalIdMaxLength = 36;
    public const int LongTextMaxLength = 20_000;

    private Opportunity()
    {
        Name = string.Empty;
        StatusCode = string.Empty;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public int OwnerId { get; private set; }

    public int AccountId { get; private set; }

    public int? ContactId { get; private set; }

    public int StatusId { get; private set; }

    /// <summary>The status code, kept beside the id so rules and exports need no join.</summary>
    public string StatusCode { get; private set; }

    public int? Probability { get; private set; }

    public decimal? BudgetAmount { get; private set; }

    public string? BudgetCurrency { get; private set; }

    public decimal? BaseBudgetAmount { get; private set; }

    public DateOnly? CloseDate { get; private set; }

    public decimal? CloseRevenueAmount { get; private set; }

    public string? CloseRevenueCurrency { get; private set; }

    public decimal? BaseCloseRevenue { get; private set; }

    public string? CloseReasonCode { get; private set; }

    public string? CustomerNeed { get; private set; }

    public string? ProposedSolution { get; private set; }

    public string? Notes { get; private set; }

    public string? ExternalId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>Application-managed concurrency token: every save increments it, a stale one is refused.</summary>
    public long Version { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    public MoneyValue? Budget => ToMoney(BudgetAmount, BudgetCurrency);

    public MoneyValue? CloseRevenue => ToMoney(CloseRevenueAmount, CloseRevenueCurrency);

    /// <summary>Creates an opportunity in <paramref name="status"/>; a closed status applies the closing rules at once.</summary>
    public static Opportunity Create(
        string name, int ownerId, int accountId, StatusRef status, IRateSource rates, DateTime now,
        int? probability = null, MoneyValue? budget = null, DateOnly? closeDate = null, ClosingData? closing = null)
    {
        var opportunity = new Opportunity
        {
            CreatedAt = now,
            UpdatedAt = now,
            AccountId = accountId,
            OwnerId = ownerId,
            CloseDate = closeDate,
            StatusId = status.Id,
            StatusCode = status.Code,
        };
        opportunity.Rename(name);
        opportunity.SetBudget(budget, rates);
        opportunity.Probability = probability is null ? status.DefaultProbability : ValidProbability(probability.Value);
        if (status.IsClosed)
        {
            opportunity.Probability = OpportunityStatus.FixedProbability(status.Kind);
            opportunity.Close(status, closing ?? new ClosingData(closeDate), rates, now);
        }

        return opportunity;
    }

    public void Rename(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainRuleException("Enter the opportunity name.", nameof(Name));
        }

        if (trimmed.Length > NameMaxLength)
        {
            throw new DomainRuleException($"The opportunity name has at most {NameMaxLength} characters.", nameof(Name));
        }

        Name = trimmed;
    }

    public void AssignOwner(int ownerId) => OwnerId = ownerId;

    public void ChangeAccount(int accountId) => AccountId = accountId;

    public void ChangeContact(int? contactId) => ContactId = contactId;

    public void SetExternalId(string? externalId)
    {
        var trimmed = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        if (trimmed is { Length: > ExternalIdMaxLength })
        {
            throw new DomainRuleException($"The external id has at most {ExternalIdMaxLength} characters.", nameof(ExternalId));
        }

        ExternalId = trimmed;
    }

    public void Describe(string? customerNeed, string? proposedSolution, string? notes)
    {
        CustomerNeed = LongText(customerNeed, nameof(CustomerNeed));
        ProposedSolution = LongText(proposedSolution, nameof(ProposedSolution));
        Notes = LongText(notes, nameof(Notes));
    }

    /// <summary>A manually entered probability; it is kept across later status changes (spec §3.1).</summary>
    public void SetProbability(int? probability, StatusRef currentStatus)
    {
        if (currentStatus.IsClosed)
        {
            var fixedValue = OpportunityStatus.FixedProbability(currentStatus.Kind);
            if (probability is not null && probability != fixedValue)
            {
                throw new DomainRuleException($"A {currentStatus.Label} opportunity has a probability of {fixedValue} %.", nameof(Probability));
            }

            return;
        }

        Probability = probability is null ? null : ValidProbability(probability.Value);
    }

    public void SetCloseDate(DateOnly? closeDate, StatusRef currentStatus)
    {
        if (closeDate is null && currentStatus.IsClosed)
        {
            throw new DomainRuleException("A closed opportunity needs its close date.", nameof(CloseDate));
        }

        CloseDate = closeDate;
    }

    /// <summary>Sets the budget and its base-currency value at the current rate (closed deals too: the amount itself changed).</summary>
    public void SetBudget(MoneyValue? budget, IRateSource rates)
    {
        if (budget is { } value)
        {
            EnsureNotNegative(value, nameof(BudgetAmount), "budget amount");
            BudgetAmount = value.Amount;
            BudgetCurrency = value.Currency.Value;
            BaseBudgetAmount = ToBase(value, rates, nameof(BudgetAmount));
        }
        else
        {
            BudgetAmount = null;
            BudgetCurrency = null;
            BaseBudgetAmount = null;
        }
    }

    public void SetCloseRevenue(MoneyValue? revenue, IRateSource rates)
    {
        if (revenue is { } value)
        {
            EnsureNotNegative(value, nameof(CloseRevenueAmount), "close revenue");
            CloseRevenueAmount = value.Amount;
            CloseRevenueCurrency = value.Currency.Value;
            BaseCloseRevenue = ToBase(value, rates, nameof(CloseRevenueAmount));
        }
        else
        {
            CloseRevenueAmount = null;
            CloseRevenueCurrency = null;
            BaseCloseRevenue = null;
        }
    }

    /// <summary>
    /// Sets a close reason on an open deal or a won/lost one. A lost deal keeps a lost reason;
    /// a won deal keeps "won".
    /// </summary>
    public void SetCloseReason(string? reasonCode, StatusRef currentStatus)
    {
        var code = string.IsNullOrWhiteSpace(reasonCode) ? null : reasonCode.Trim();
        if (currentStatus.Kind == StatusKind.Lost && !CloseReason.IsLostReason(code))
        {
            throw new DomainRuleException("A lost opportunity needs the close reason Outsold or Cancelled.", nameof(CloseReasonCode));
        }

        if (currentStatus.Kind == StatusKind.Won && code is not null && code != CloseReason.WonCode)
        {
            throw new DomainRuleException("A won opportunity has the close reason Won.", nameof(CloseReasonCode));
        }

        if (code is not null && code is not (CloseReason.WonCode or CloseReason.OutsoldCode or CloseReason.CancelledCode))
        {
            throw new DomainRuleException($"'{code}' is not a close reason.", nameof(CloseReasonCode));
        }

        CloseReasonCode = currentStatus.Kind == StatusKind.Won ? CloseReason.WonCode : code;
    }

    /// <summary>
    /// Moves the opportunity to another status through the rules of spec §3: probability follows
    /// the status unless it was set by hand, entering Won/Lost stamps ClosedAt and applies the
    /// closing data, leaving them clears it and the close reason and revenue.
    /// </summary>
    public void ChangeStatus(StatusRef from, StatusRef to, IRateSource rates, DateTime now, ClosingData? closing = null)
    {
        if (from.Id != StatusId)
        {
            throw new InvalidOperationException($"The opportunity is in status {StatusId}, not {from.Id}.");
        }

        if (to.Id == from.Id)
        {
            if (to.IsClosed && closing is not null)
            {
                Close(to, closing, rates, now);
            }

            return;
        }

        // Check everything that can refuse before changing anything: a refused move leaves the deal as it was.
        if (to.IsClosed)
        {
            EnsureCanClose(to, closing ?? new ClosingData(CloseDate), rates);
        }

        // Rule 1: follow the new status unless the probability was entered by hand.
        if (Probability is null || Probability == from.DefaultProbability)
        {
            Probability = to.DefaultProbability;
        }

        StatusId = to.Id;
        StatusCode = to.Code;

        if (to.IsClosed)
        {
            Probability = OpportunityStatus.FixedProbability(to.Kind);
            Close(to, closing ?? new ClosingData(CloseDate), rates, now);
        }
        else if (from.IsClosed)
        {
            Reopen(rates);
        }
    }

    /// <summary>Re-values the base-currency amounts of an open deal at the current rates (spec §7).</summary>
    public void Revalue(IRateSource rates)
    {
        if (IsClosed)
        {
            return;
        }

        BaseBudgetAmount = Budget is { } budget ? ToBase(budget, rates, nameof(BudgetAmount)) : null;
        BaseCloseRevenue = CloseRevenue is { } revenue ? ToBase(revenue, rates, nameof(CloseRevenueAmount)) : null;
    }

    /// <summary>Records an edit: the timestamp moves and the concurrency token goes up.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    private void EnsureCanClose(StatusRef to, ClosingData closing, IRateSource rates)
    {
        if ((closing.CloseDate ?? CloseDate) is null)
        {
            throw new DomainRuleException($"Closing as {to.Label} needs a close date.", nameof(CloseDate));
        }

        if (to.Kind == StatusKind.Lost && !CloseReason.IsLostReason(closing.CloseReasonCode ?? CloseReasonCode))
        {
            throw new DomainRuleException("Closing as lost needs the close reason Outsold or Cancelled.", nameof(CloseReasonCode));
        }

        if (closing.CloseRevenue is { Amount: < 0m })
        {
            throw new DomainRuleException("The close revenue cannot be negative.", nameof(CloseRevenueAmount));
        }

        if (to.Kind == StatusKind.Won && (closing.CloseRevenue ?? CloseRevenue ?? Budget) is { } revenue && rates.RateToBase(revenue.Currency.Value, null) is null)
        {
            throw new DomainRuleException($"{revenue.Currency.Value} is not an allowed currency.", nameof(CloseRevenueAmount));
        }
    }

    private void Close(StatusRef to, ClosingData closing, IRateSource rates, DateTime now)
    {
        EnsureCanClose(to, closing, rates);
        var closeDate = closing.CloseDate ?? CloseDate;
        ClosedAt = now;
        if (to.Kind == StatusKind.Lost)
        {
            CloseReasonCode = closing.CloseReasonCode ?? CloseReasonCode;
            var zero = MoneyValue.Zero(new Money.CurrencyCode(rates.BaseCurrency));
            CloseRevenueAmount = zero.Amount;
            CloseRevenueCurrency = zero.Currency.Value;
            BaseCloseRevenue = 0m;
        }
        else
        {
            CloseReasonCode = CloseReason.WonCode;
            var revenue = closing.CloseRevenue ?? CloseRevenue ?? Budget;
            SetCloseRevenue(revenue, rates);
        }

        CloseDate = closeDate;

        // The base values are computed now and then frozen: rate changes no longer touch a closed deal.
        BaseBudgetAmount = Budget is { } budget ? ToBase(budget, rates, nameof(BudgetAmount)) : null;
    }

    private void Reopen(IRateSource rates)
    {
        ClosedAt = null;
        CloseReasonCode = null;
        CloseRevenueAmount = null;
        CloseRevenueCurrency = null;
        BaseCloseRevenue = null;
        Revalue(rates);
    }

    private decimal ToBase(MoneyValue amount, IRateSource rates, string field)
    {
        var rate = rates.RateToBase(amount.Currency.Value, ClosedAt)
            ?? throw new DomainRuleException($"{amount.Currency.Value} is not an allowed currency.", field);
        return decimal.Round(amount.Amount * rate, MoneyValue.Scale, MidpointRounding.ToEven);
    }

    private static void EnsureNotNegative(MoneyValue value, string field, string label)
    {
        if (value.Amount < 0m)
        {
            throw new DomainRuleException($"The {label} cannot be negative.", field);
        }
    }

    private static int ValidProbability(int probability) =>
        probability is >= 0 and <= 100
            ? probability
            : throw new DomainRuleException("The probability is a whole percent from 0 to 100.", nameof(Probability));

    private static string? LongText(string? text, string field)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return trimmed is { Length: > LongTextMaxLength }
            ? throw new DomainRuleException($"This text has at most {LongTextMaxLength} characters.", field)
            : trimmed;
    }

    private static MoneyValue? ToMoney(decimal? amount, string? currency) =>
        amount is { } value && currency is not null ? new MoneyValue(value, new Money.CurrencyCode(currency)) : null;
}
