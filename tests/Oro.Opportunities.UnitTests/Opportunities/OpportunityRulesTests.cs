using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;
using M = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.UnitTests.Opportunities;

public sealed class OpportunityRulesTests
{
    private static readonly StatusRef Open = new(1, "in_progress", "Open", 0, StatusKind.Open);
    private static readonly StatusRef Identification = new(2, "identification_alignment", "Identification & Alignment", 10, StatusKind.Open);
    private static readonly StatusRef Negotiation = new(5, "negotiation", "Negotiation", 80, StatusKind.Open);
    private static readonly StatusRef Won = new(6, "won", "Closed Won", 100, StatusKind.Won);
    private static readonly StatusRef Lost = new(7, "lost", "Closed Lost", 0, StatusKind.Lost);
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private sealed class Rates(decimal eurRate = 1.1m) : IRateSource
    {
        public decimal EurRate { get; set; } = eurRate;

        public string BaseCurrency => "USD";

        public decimal? RateToBase(string currency, DateTime? closedAt) => currency switch
        {
            "USD" => 1m,
            "EUR" => EurRate,
            _ => null,
        };
    }

    private static M Usd(decimal amount) => new(amount, new CurrencyCode("USD"));

    private static M Eur(decimal amount) => new(amount, new CurrencyCode("EUR"));

    private static Opportunity New(StatusRef? status = null, int? probability = null, M? budget = null, DateOnly? closeDate = null, Rates? rates = null) =>
        Opportunity.Create("Fleet rollout", ownerId: 1, accountId: 1, status ?? Open, rates ?? new Rates(), Now, probability, budget, closeDate);

    [Fact]
    public void A_new_opportunity_without_probability_takes_the_status_default()
    {
        Assert.Equal(10, New(Identification).Probability);
        Assert.Equal(0, New().Probability);
    }

    [Fact]
    public void Probability_follows_the_status_while_it_equals_the_old_default()
    {
        var opportunity = New(Identification);

        opportunity.ChangeStatus(Identification, Negotiation, new Rates(), Now);

        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void A_manual_probability_is_kept_when_the_status_changes()
    {
        var opportunity = New(Identification);
        opportunity.SetProbability(35, Identification);

        opportunity.ChangeStatus(Identification, Negotiation, new Rates(), Now);

        Assert.Equal(35, opportunity.Probability);
    }

    [Fact]
    public void An_empty_probability_takes_the_new_status_default()
    {
        var opportunity = New(Identification);
        opportunity.SetProbability(null, Identification);

        opportunity.ChangeStatus(Identification, Negotiation, new Rates(), Now);

        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void Winning_sets_probability_100_closed_at_reason_won_and_revenue_from_budget()
    {
        var opportunity = New(Negotiation, probability: 35, budget: Eur(1000m), closeDate: Today);

        opportunity.ChangeStatus(Negotiation, Won, new Rates(), Now);

        Assert.Equal(100, opportunity.Probability);
        Assert.Equal(Now, opportunity.ClosedAt);
        Assert.Equal(CloseReason.WonCode, opportunity.CloseReasonCode);
        Assert.Equal(Eur(1000m), opportunity.CloseRevenue);
        Assert.Equal(1100m, opportunity.BaseCloseRevenue);
    }

    [Fact]
    public void Winning_keeps_a_close_revenue_the_user_entered()
    {
        var opportunity = New(Negotiation, budget: Usd(1000m), closeDate: Today);

        opportunity.ChangeStatus(Negotiation, Won, new Rates(), Now, new ClosingData(Today, Usd(900m)));

        Assert.Equal(Usd(900m), opportunity.CloseRevenue);
    }

    [Fact]
    public void Closing_needs_a_close_date()
    {
        var opportunity = New(Negotiation, budget: Usd(1000m));

        var error = Assert.Throws<DomainRuleException>(() => opportunity.ChangeStatus(Negotiation, Won, new Rates(), Now));

        Assert.Equal("CloseDate", error.Field);
        Assert.Null(opportunity.ClosedAt);
    }

    [Fact]
    public void Losing_requires_outsold_or_cancelled()
    {
        var opportunity = New(Negotiation, closeDate: Today);

        var missing = Assert.Throws<DomainRuleException>(() => opportunity.ChangeStatus(Negotiation, Lost, new Rates(), Now));
        var wrong = Assert.Throws<DomainRuleException>(() => opportunity.ChangeStatus(Negotiation, Lost, new Rates(), Now, new ClosingData(Today, null, CloseReason.WonCode)));

        Assert.Equal("CloseReasonCode", missing.Field);
        Assert.Equal("CloseReasonCode", wrong.Field);
    }

    [Fact]
    public void A_refused_move_leaves_the_opportunity_as_it_was()
    {
        var opportunity = New(Negotiation, probability: 35, closeDate: Today);

        Assert.Throws<DomainRuleException>(() => opportunity.ChangeStatus(Negotiation, Lost, new Rates(), Now));

        Assert.Equal(Negotiation.Id, opportunity.StatusId);
        Assert.Equal(35, opportunity.Probability);
        Assert.Null(opportunity.ClosedAt);
    }

    [Fact]
    public void Losing_sets_probability_0_and_close_revenue_0_in_base_currency()
    {
        var opportunity = New(Negotiation, budget: Eur(500m), closeDate: Today);

        opportunity.ChangeStatus(Negotiation, Lost, new Rates(), Now, new ClosingData(Today, null, CloseReason.OutsoldCode));

        Assert.Equal(0, opportunity.Probability);
        Assert.Equal(Usd(0m), opportunity.CloseRevenue);
        Assert.Equal(0m, opportunity.BaseCloseRevenue);
        Assert.Equal(CloseReason.OutsoldCode, opportunity.CloseReasonCode);
        Assert.Equal(Now, opportunity.ClosedAt);
    }

    [Fact]
    public void Reopening_clears_closed_at_close_reason_and_close_revenue()
    {
        var opportunity = New(Negotiation, budget: Usd(1000m), closeDate: Today);
        opportunity.ChangeStatus(Negotiation, Won, new Rates(), Now);

        opportunity.ChangeStatus(Won, Negotiation, new Rates(), Now.AddDays(1));

        Assert.Null(opportunity.ClosedAt);
        Assert.Null(opportunity.CloseReasonCode);
        Assert.Null(opportunity.CloseRevenue);
        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void Base_values_follow_the_rate_while_open_and_freeze_on_close()
    {
        var rates = new Rates(1.1m);
        var open = New(Negotiation, budget: Eur(1000m), closeDate: Today, rates: rates);
        var closed = New(Negotiation, budget: Eur(1000m), closeDate: Today, rates: rates);
        closed.ChangeStatus(Negotiation, Won, rates, Now);
        Assert.Equal(1100m, open.BaseBudgetAmount);

        rates.EurRate = 1.2m;
        open.Revalue(rates);
        closed.Revalue(rates);

        Assert.Equal(1200m, open.BaseBudgetAmount);
        Assert.Equal(1100m, closed.BaseBudgetAmount);
        Assert.Equal(1100m, closed.BaseCloseRevenue);
    }

    [Fact]
    public void Reopening_releases_the_frozen_base_value()
    {
        var rates = new Rates(1.1m);
        var opportunity = New(Negotiation, budget: Eur(1000m), closeDate: Today, rates: rates);
        opportunity.ChangeStatus(Negotiation, Won, rates, Now);
        rates.EurRate = 1.3m;

        opportunity.ChangeStatus(Won, Negotiation, rates, Now);

        Assert.Equal(1300m, opportunity.BaseBudgetAmount);
    }

    [Fact]
    public void Amounts_cannot_be_negative_nor_in_a_currency_that_is_not_allowed()
    {
        var opportunity = New();

        Assert.Equal("BudgetAmount", Assert.Throws<DomainRuleException>(() => opportunity.SetBudget(Usd(-1m), new Rates())).Field);
        Assert.Throws<DomainRuleException>(() => opportunity.SetBudget(new M(5m, new CurrencyCode("JPY")), new Rates()));
    }

    [Fact]
    public void A_closed_deal_keeps_its_fixed_probability()
    {
        var opportunity = New(Negotiation, closeDate: Today);
        opportunity.ChangeStatus(Negotiation, Won, new Rates(), Now);

        Assert.Throws<DomainRuleException>(() => opportunity.SetProbability(50, Won));
        Assert.Throws<DomainRuleException>(() => opportunity.SetCloseDate(null, Won));
    }

    [Fact]
    public void Creating_a_won_opportunity_applies_the_closing_rules()
    {
        var opportunity = Opportunity.Create("Renewal", 1, 1, Won, new Rates(), Now, probability: 40, budget: Usd(300m), closeDate: Today);

        Assert.Equal(100, opportunity.Probability);
        Assert.Equal(Now, opportunity.ClosedAt);
        Assert.Equal(Usd(300m), opportunity.CloseRevenue);
    }

    [Fact]
    public void Names_are_required_and_limited_to_255_characters()
    {
        Assert.Throws<DomainRuleException>(() => Opportunity.Create("  ", 1, 1, Open, new Rates(), Now));
        Assert.Throws<DomainRuleException>(() => Opportunity.Create(new string('x', 256), 1, 1, Open, new Rates(), Now));
    }

    [Fact]
    public void Touch_moves_the_version_and_updated_at()
    {
        var opportunity = New();

        opportunity.Touch(Now.AddMinutes(5));

        Assert.Equal(1, opportunity.Version);
        Assert.Equal(Now.AddMinutes(5), opportunity.UpdatedAt);
    }
}
