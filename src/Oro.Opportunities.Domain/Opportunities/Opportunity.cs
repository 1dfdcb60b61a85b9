using System.Globalization;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// A sales opportunity (spec §1). Every rule of spec §3 is a method here, so the form, inline
/// edit, the board, mass actions and import all change an opportunity the same way.
/// </summary>
[SecuredRecord(SecuredEntity.Opportunity, "opportunity")]
[Audited("Opportunity")]
[BumpsRevision(DataRevision.Opportunities)]
public sealed class Opportunity : IOwned
{
    public const int NameMaxLength = 255;
    public const int ExternalIdMaxLength = 36;
    public const int LongTextMaxLength = 20_000;

    private static readonly IReadOnlySet<string> StatusOnly = new HashSet<string>(StringComparer.Ordinal) { nameof(StatusId) };

    private readonly List<IDomainEvent> domainEvents = [];

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

    /// <summary>The lead this deal was converted from (spec §1: read-only on the form, a link on the view page).</summary>
    public int? LeadId { get; private set; }

    [NotAudited] // The status code beside it is what the history shows.
    public int StatusId { get; private set; }

    /// <summary>The status code, kept beside the id so rules and exports need no join.</summary>
    public string StatusCode { get; private set; }

    public int? Probability { get; private set; }

    public decimal? BudgetAmount { get; private set; }

    public string? BudgetCurrency { get; private set; }

    [NotAudited]
    public decimal? BaseBudgetAmount { get; private set; }

    public DateOnly? CloseDate { get; private set; }

    public decimal? CloseRevenueAmount { get; private set; }

    public string? CloseRevenueCurrency { get; private set; }

    [NotAudited]
    public decimal? BaseCloseRevenue { get; private set; }

    public string? CloseReasonCode { get; private set; }

    public string? CustomerNeed { get; private set; }

    public string? ProposedSolution { get; private set; }

    public string? Notes { get; private set; }

    public string? ExternalId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>
    /// When the deal entered its current status (UTC): set on create and by every status change, in
    /// <see cref="Apply"/> only, so every path keeps it. The board shows the days since.
    /// </summary>
    [NotAudited] // Derived from the status change; the status's own history shows it.
    public DateTime StageEnteredAt { get; private set; }

    /// <summary>Application-managed concurrency token: every save increments it, a stale one is refused.</summary>
    public long Version { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    public MoneyValue? Budget => ToMoney(BudgetAmount, BudgetCurrency);

    public MoneyValue? CloseRevenue => ToMoney(CloseRevenueAmount, CloseRevenueCurrency);

    /// <summary>What this opportunity recorded since its last save; the save step dispatches and clears them.</summary>
    public IReadOnlyList<IDomainEvent> DomainEvents => domainEvents;

    public void ClearDomainEvents() => domainEvents.Clear();

    /// <summary>Creates an opportunity from a change that names at least its name, owner and account (spec §1).</summary>
    public static Opportunity Create(OpportunityChange change, ChangeContext context)
    {
        var opportunity = new Opportunity { CreatedAt = context.Now, UpdatedAt = context.Now };
        opportunity.ApplyCore(change, context, isNew: true);
        return opportunity;
    }

    /// <summary>
    /// Applies a change through the rules of spec §3 and §7, in one fixed order: status → closing data
    /// → close revenue and reason → probability → base-currency values. Either the whole change is
    /// applied or, when any rule refuses it, nothing is (a <see cref="DomainRuleException"/> names the
    /// field). Returns whether anything changed; a change moves the timestamp and the concurrency token.
    /// </summary>
    public bool Apply(OpportunityChange change, ChangeContext context) => ApplyCore(change, context, isNew: false);

    private bool ApplyCore(OpportunityChange change, ChangeContext context, bool isNew)
    {
        var before = isNew ? null : Snapshot();
        var rates = context.Rates;

        // Plain fields.
        var name = Changed(change.Name, Name, isNew, out var newName) ? ValidName(newName) : isNew ? ValidName(null) : Name;
        var ownerId = Changed(change.OwnerId, OwnerId, isNew, out var newOwner) ? newOwner : OwnerId;
        var accountId = Changed(change.AccountId, AccountId, isNew, out var newAccount) ? newAccount : AccountId;
        var contactId = Changed(change.ContactId, ContactId, isNew, out var newContact) ? newContact : ContactId;
        var customerNeed = Changed(change.CustomerNeed, CustomerNeed, isNew, out var need) ? LongText(need, nameof(CustomerNeed)) : CustomerNeed;
        var proposedSolution = Changed(change.ProposedSolution, ProposedSolution, isNew, out var solution) ? LongText(solution, nameof(ProposedSolution)) : ProposedSolution;
        var notes = Changed(change.Notes, Notes, isNew, out var newNotes) ? LongText(newNotes, nameof(Notes)) : Notes;
        var externalId = Changed(change.ExternalId, ExternalId, isNew, out var newExternalId) ? ValidExternalId(newExternalId) : ExternalId;
        var leadId = Changed(change.LeadId, LeadId, isNew, out var newLead) ? newLead : LeadId;
        if (isNew && ownerId <= 0)
        {
            throw new DomainRuleException("Choose an owner.", nameof(OwnerId));
        }

        var budgetChanged = Changed(change.Budget, Budget, isNew, out var newBudget);
        var budget = budgetChanged ? ValidAmount(newBudget, rates, nameof(BudgetAmount), "budget amount") : Budget;

        // 1. Status.
        var from = isNew ? null : context.StatusById(StatusId)
            ?? throw new InvalidOperationException($"Status {StatusId} of opportunity {Id} is not configured.");
        var to = change.Status?.Value ?? from ?? throw new DomainRuleException("Choose a status.", "StatusId");
        var statusChanged = from is null || to.Id != from.Id;

        // A status a workflow step forbids is refused as soon as it is known, so the message names the
        // step and its transition rather than a closing rule that would follow (the full check is below).
        if (statusChanged && context.Restrictions is { } statusRestrictions)
        {
            statusRestrictions.Check(new RestrictedChange(isNew ? null : Id, isNew ? null : CreatedAt, StatusOnly, to, null));
        }
        var entersClosed = to.IsClosed && statusChanged;
        var reopens = !to.IsClosed && from is { IsClosed: true };

        // 2. Closing data: a closed deal has a close date (today when closing without one) and ClosedAt.
        var closeDate = Changed(change.CloseDate, CloseDate, isNew, out var newCloseDate) ? newCloseDate : CloseDate;
        if (to.IsClosed && closeDate is null)
        {
            closeDate = entersClosed ? context.Today : throw new DomainRuleException("A closed opportunity needs its close date.", nameof(CloseDate));
        }

        var closedAt = entersClosed ? context.Now : to.IsClosed ? ClosedAt : null;
        var stageEnteredAt = statusChanged ? context.Now : StageEnteredAt;

        // 3. Close revenue and reason.
        var revenueChanged = Changed(change.CloseRevenue, CloseRevenue, isNew, out var newRevenue);
        var reasonChanged = Changed(change.CloseReason, CloseReasonCode, isNew, out var newReason);
        var reason = reasonChanged ? ValidReason(newReason) : reopens ? null : CloseReasonCode;
        var revenue = revenueChanged ? ValidAmount(newRevenue, rates, nameof(CloseRevenueAmount), "close revenue") : reopens ? null : CloseRevenue;
        switch (to.Kind)
        {
            case StatusKind.Won:
                if (reasonChanged && reason is not null && reason != CloseReason.WonCode)
                {
                    throw new DomainRuleException("A won opportunity has the close reason Won.", nameof(CloseReasonCode));
                }

                reason = CloseReason.WonCode;
                revenue ??= budget;
                break;
            case StatusKind.Lost:
                if (revenueChanged && revenue is { Amount: not 0m })
                {
                    throw new DomainRuleException("A lost opportunity's close revenue is 0; leave it empty.", nameof(CloseRevenueAmount));
                }

                if (!CloseReason.IsLostReason(reason))
                {
                    throw new DomainRuleException("Closing as lost needs the close reason Outsold or Cancelled.", nameof(CloseReasonCode));
                }

                revenue = MoneyValue.Zero(new Money.CurrencyCode(rates.BaseCurrency));
                break;
        }

        // 4. Probability follows the status unless it was entered by hand; Won and Lost fix it.
        var probabilityChanged = Changed(change.Probability, Probability, isNew, out var newProbability);
        int? probability;
        if (to.IsClosed)
        {
            var fixedValue = OpportunityStatus.FixedProbability(to.Kind);
            if (probabilityChanged && newProbability is not null && newProbability != fixedValue)
            {
                throw new DomainRuleException($"A {to.Label} opportunity has a probability of {fixedValue} %.", nameof(Probability));
            }

            probability = fixedValue;
        }
        else if (probabilityChanged)
        {
            probability = newProbability is { } value ? ValidProbability(value) : to.DefaultProbability;
        }
        else if (statusChanged)
        {
            probability = Probability is null || from is null || Probability == from.DefaultProbability ? to.DefaultProbability : Probability;
        }
        else
        {
            probability = Probability;
        }

        // 5. Base values: recomputed only when the amount or its currency changed or the rate that
        // applies did (closing, reopening); an open deal at the rate now, a closed one at its ClosedAt.
        var rateMoment = closedAt != ClosedAt || isNew;
        var baseBudget = budgetChanged || rateMoment ? ToBase(budget, rates, closedAt, nameof(BudgetAmount)) : BaseBudgetAmount;
        var revenueValueChanged = revenue != CloseRevenue;
        var baseRevenue = to.Kind == StatusKind.Lost ? 0m
            : revenueValueChanged || rateMoment ? ToBase(revenue, rates, closedAt, nameof(CloseRevenueAmount)) : BaseCloseRevenue;

        // Field restrictions of the workflows the record is in (spec §6): checked on what would be stored.
        if (context.Restrictions is { } restrictions)
        {
            var proposed = new State(
                name, ownerId, accountId, contactId, to.Id, probability, budget?.Amount, budget?.Currency.Value, baseBudget, closeDate,
                revenue?.Amount, revenue?.Currency.Value, revenue is null ? null : baseRevenue, reason, customerNeed, proposedSolution, notes, externalId, closedAt, leadId);
            var changed = (before ?? State.Empty).Differences(proposed);
            if (changed.Count > 0)
            {
                restrictions.Check(new RestrictedChange(isNew ? null : Id, isNew ? null : CreatedAt, changed, to, reason));
            }
        }

        // Nothing refused: apply it all.
        Name = name;
        OwnerId = ownerId;
        AccountId = accountId;
        ContactId = contactId;
        CustomerNeed = customerNeed;
        ProposedSolution = proposedSolution;
        Notes = notes;
        ExternalId = externalId;
        LeadId = leadId;
        StatusId = to.Id;
        StatusCode = to.Code;
        Probability = probability;
        BudgetAmount = budget?.Amount;
        BudgetCurrency = budget?.Currency.Value;
        BaseBudgetAmount = baseBudget;
        CloseDate = closeDate;
        CloseRevenueAmount = revenue?.Amount;
        CloseRevenueCurrency = revenue?.Currency.Value;
        BaseCloseRevenue = revenue is null ? null : baseRevenue;
        CloseReasonCode = reason;
        ClosedAt = closedAt;
        StageEnteredAt = stageEnteredAt;

        return Record(before, from, to, context.Now);
    }

    /// <summary>Compares with the state before the change, records the events, and touches the record when it changed.</summary>
    private bool Record(State? before, StatusRef? from, StatusRef to, DateTime now)
    {
        var after = Snapshot();
        var fields = before is null ? State.FieldNames : before.Differences(after);
        if (fields.Count == 0)
        {
            return false;
        }

        if (before is not null)
        {
            UpdatedAt = now;
            Version++;
        }

        domainEvents.Add(new OpportunityChanged(this, before is null, fields));
        if (before is null || before.StatusId != StatusId)
        {
            domainEvents.Add(new OpportunityStatusChanged(this, from?.Id, to.Id));
        }

        if (ClosedAt is { } closedAt && closedAt != before?.ClosedAt)
        {
            domainEvents.Add(new OpportunityClosed(this, to.Kind, closedAt));
        }
        else if (ClosedAt is null && before?.ClosedAt is not null)
        {
            domainEvents.Add(new OpportunityReopened(this));
        }

        if (before?.OwnerId != OwnerId)
        {
            domainEvents.Add(new OpportunityOwnerChanged(this, before?.OwnerId, OwnerId));
        }

        if (before is not null && (before.BaseBudgetAmount != BaseBudgetAmount || before.BaseCloseRevenue != BaseCloseRevenue))
        {
            domainEvents.Add(new OpportunityRevalued(this, before.BaseBudgetAmount, BaseBudgetAmount, before.BaseCloseRevenue, BaseCloseRevenue));
        }

        return true;
    }

    /// <summary>Whether <paramref name="field"/> is part of the change with a value other than the stored one (read before anything is assigned).</summary>
    private static bool Changed<T>(FieldValue<T>? field, T before, bool isNew, out T value)
    {
        value = field is { } present ? present.Value : default!;
        return field is not null && (isNew || !EqualityComparer<T>.Default.Equals(value, before));
    }

    private State Snapshot() => new(
        Name, OwnerId, AccountId, ContactId, StatusId, Probability, BudgetAmount, BudgetCurrency, BaseBudgetAmount, CloseDate,
        CloseRevenueAmount, CloseRevenueCurrency, BaseCloseRevenue, CloseReasonCode, CustomerNeed, ProposedSolution, Notes, ExternalId, ClosedAt, LeadId)
    {
        Budget = Budget,
        CloseRevenue = CloseRevenue,
    };

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainRuleException("Enter the opportunity name.", nameof(Name));
        }

        return trimmed.Length <= NameMaxLength
            ? trimmed
            : throw new DomainRuleException($"The opportunity name has at most {NameMaxLength} characters.", nameof(Name));
    }

    private static string? ValidExternalId(string? externalId)
    {
        var trimmed = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        return trimmed is { Length: > ExternalIdMaxLength }
            ? throw new DomainRuleException($"The external id has at most {ExternalIdMaxLength} characters.", nameof(ExternalId))
            : trimmed;
    }

    private static string? ValidReason(string? reasonCode)
    {
        var code = string.IsNullOrWhiteSpace(reasonCode) ? null : reasonCode.Trim().ToLowerInvariant();
        return code is null or CloseReason.WonCode or CloseReason.OutsoldCode or CloseReason.CancelledCode
            ? code
            : throw new DomainRuleException($"'{reasonCode!.Trim()}' is not a close reason. Use won, outsold or cancelled.", nameof(CloseReasonCode));
    }

    private static MoneyValue? ValidAmount(MoneyValue? amount, IRateSource rates, string field, string label)
    {
        if (amount is not { } value)
        {
            return null;
        }

        if (value.Amount < 0m)
        {
            throw new DomainRuleException($"The {label} cannot be negative.", field);
        }

        if (value.Amount > MoneyValue.MaxAmount)
        {
            throw new DomainRuleException(string.Create(CultureInfo.InvariantCulture, $"The {label} can be at most {MoneyValue.MaxAmount:N0}."), field);
        }

        return rates.RateToBase(value.Currency.Value, null) is null
            ? throw new DomainRuleException($"{value.Currency.Value} is not an allowed currency.", field)
            : value;
    }

    /// <summary>Base value = amount × the rate that applies (spec §7), rounded to 4 decimals half away from zero.</summary>
    private static decimal? ToBase(MoneyValue? amount, IRateSource rates, DateTime? closedAt, string field)
    {
        if (amount is not { } value)
        {
            return null;
        }

        var rate = rates.RateToBase(value.Currency.Value, closedAt)
            ?? throw new DomainRuleException($"{value.Currency.Value} is not an allowed currency.", field);
        var inBase = decimal.Round(value.Amount * rate, MoneyValue.Scale, MidpointRounding.AwayFromZero);
        return inBase <= MoneyValue.MaxAmount
            ? inBase
            : throw new DomainRuleException(string.Create(CultureInfo.InvariantCulture, $"This amount is {inBase:N0} in the base currency; at most {MoneyValue.MaxAmount:N0} can be stored."), field);
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

    /// <summary>The stored fields, compared before and after a change.</summary>
    private sealed record State(
        string Name, int OwnerId, int AccountId, int? ContactId, int StatusId, int? Probability, decimal? BudgetAmount, string? BudgetCurrency,
        decimal? BaseBudgetAmount, DateOnly? CloseDate, decimal? CloseRevenueAmount, string? CloseRevenueCurrency, decimal? BaseCloseRevenue,
        string? CloseReasonCode, string? CustomerNeed, string? ProposedSolution, string? Notes, string? ExternalId, DateTime? ClosedAt, int? LeadId)
    {
        public static readonly IReadOnlySet<string> FieldNames = new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(Name), nameof(OwnerId), nameof(AccountId), nameof(ContactId), nameof(StatusId), nameof(Probability), nameof(BudgetAmount),
            nameof(BudgetCurrency), nameof(BaseBudgetAmount), nameof(CloseDate), nameof(CloseRevenueAmount), nameof(CloseRevenueCurrency),
            nameof(BaseCloseRevenue), nameof(CloseReasonCode), nameof(CustomerNeed), nameof(ProposedSolution), nameof(Notes), nameof(ExternalId), nameof(ClosedAt),
            nameof(LeadId),
        };

        /// <summary>A record with nothing in it: what a new record's values are compared with.</summary>
        public static readonly State Empty = new(
            string.Empty, 0, 0, null, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        public MoneyValue? Budget { get; init; }

        public MoneyValue? CloseRevenue { get; init; }

        public IReadOnlySet<string> Differences(State other)
        {
            // Written out rather than reflected: this runs for every row an import changes.
            var fields = new HashSet<string>(StringComparer.Ordinal);
            void Compare<T>(string field, T before, T after)
            {
                if (!EqualityComparer<T>.Default.Equals(before, after))
                {
                    fields.Add(field);
                }
            }

            Compare(nameof(Name), Name, other.Name);
            Compare(nameof(OwnerId), OwnerId, other.OwnerId);
            Compare(nameof(AccountId), AccountId, other.AccountId);
            Compare(nameof(ContactId), ContactId, other.ContactId);
            Compare(nameof(StatusId), StatusId, other.StatusId);
            Compare(nameof(Probability), Probability, other.Probability);
            Compare(nameof(BudgetAmount), BudgetAmount, other.BudgetAmount);
            Compare(nameof(BudgetCurrency), BudgetCurrency, other.BudgetCurrency);
            Compare(nameof(BaseBudgetAmount), BaseBudgetAmount, other.BaseBudgetAmount);
            Compare(nameof(CloseDate), CloseDate, other.CloseDate);
            Compare(nameof(CloseRevenueAmount), CloseRevenueAmount, other.CloseRevenueAmount);
            Compare(nameof(CloseRevenueCurrency), CloseRevenueCurrency, other.CloseRevenueCurrency);
            Compare(nameof(BaseCloseRevenue), BaseCloseRevenue, other.BaseCloseRevenue);
            Compare(nameof(CloseReasonCode), CloseReasonCode, other.CloseReasonCode);
            Compare(nameof(CustomerNeed), CustomerNeed, other.CustomerNeed);
            Compare(nameof(ProposedSolution), ProposedSolution, other.ProposedSolution);
            Compare(nameof(Notes), Notes, other.Notes);
            Compare(nameof(ExternalId), ExternalId, other.ExternalId);
            Compare(nameof(ClosedAt), ClosedAt, other.ClosedAt);
            Compare(nameof(LeadId), LeadId, other.LeadId);
            return fields;
        }
    }
}
