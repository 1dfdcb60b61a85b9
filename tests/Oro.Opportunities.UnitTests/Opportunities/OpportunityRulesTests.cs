using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;
using M = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.UnitTests.Opportunities;

/// <summary>The rules of spec §3 and §7 as the one change operation applies them.</summary>
public sealed class OpportunityRulesTests
{
    private static readonly StatusRef Open = new(1, "in_progress", "Open", 0, StatusKind.Open);
    private static readonly StatusRef Identification = new(2, "identification_alignment", "Identification & Alignment", 10, StatusKind.Open);
    private static readonly StatusRef Negotiation = new(5, "negotiation", "Negotiation", 80, StatusKind.Open);
    private static readonly StatusRef Won = new(6, "won", "Closed Won", 100, StatusKind.Won);
    private static readonly StatusRef Lost = new(7, "lost", "Closed Lost", 0, StatusKind.Lost);
    private static readonly StatusRef[] Statuses = [Open, Identification, Negotiation, Won, Lost];
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);

    /// <summary>EUR is worth <see cref="EurRate"/> now, and <see cref="EurRateBefore"/> before <see cref="Switch"/>.</summary>
    private sealed class Rates(decimal eurRate = 1.1m) : IRateSource
    {
        public decimal EurRate { get; set; } = eurRate;

        public decimal EurRateBefore { get; set; } = eurRate;

        public DateTime Switch { get; set; } = DateTime.MinValue;

        public string BaseCurrency => "USD";

        public decimal? RateToBase(string currency, DateTime? closedAt) => currency switch
        {
            "USD" => 1m,
            "EUR" => closedAt is { } at && at < Switch ? EurRateBefore : EurRate,
            _ => null,
        };
    }

    private static ChangeContext Context(Rates? rates = null, DateTime? now = null) =>
        new(id => Statuses.FirstOrDefault(s => s.Id == id), rates ?? new Rates(), now ?? Now, DateOnly.FromDateTime(now ?? Now));

    private static M Usd(decimal amount) => new(amount, new CurrencyCode("USD"));

    private static M Eur(decimal amount) => new(amount, new CurrencyCode("EUR"));

    private static Opportunity New(StatusRef? status = null, int? probability = null, M? budget = null, DateOnly? closeDate = null, Rates? rates = null, string? reason = null) =>
        Opportunity.Create(
            new OpportunityChange
            {
                Name = "Fleet rollout",
                OwnerId = 1,
                AccountId = 1,
                Status = status ?? Open,
                Probability = new(probability),
                Budget = new(budget),
                CloseDate = new(closeDate),
                CloseReason = new(reason),
            },
            Context(rates));

    private static void Move(Opportunity opportunity, StatusRef to, Rates? rates = null, DateTime? now = null) =>
        opportunity.Apply(new OpportunityChange { Status = to }, Context(rates, now));

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

        Move(opportunity, Negotiation);

        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void A_manual_probability_is_kept_when_the_status_changes()
    {
        var opportunity = New(Identification, probability: 35);

        Move(opportunity, Negotiation);

        Assert.Equal(35, opportunity.Probability);
    }

    [Fact]
    public void An_empty_probability_means_the_status_default_on_every_path()
    {
        var opportunity = New(Identification, probability: 35);

        opportunity.Apply(new OpportunityChange { Probability = new(null) }, Context());

        Assert.Equal(10, opportunity.Probability);
    }

    [Fact]
    public void A_probability_sent_unchanged_with_a_new_status_lets_the_status_rule_decide()
    {
        var opportunity = New(Identification);

        opportunity.Apply(new OpportunityChange { Status = Negotiation, Probability = new(10) }, Context());

        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void Winning_sets_probability_100_closed_at_reason_won_and_revenue_from_budget()
    {
        var opportunity = New(budget: Usd(1200m), closeDate: Today);

        Move(opportunity, Won);

        Assert.Equal(100, opportunity.Probability);
        Assert.Equal(Now, opportunity.ClosedAt);
        Assert.Equal(CloseReason.WonCode, opportunity.CloseReasonCode);
        Assert.Equal(Usd(1200m), opportunity.CloseRevenue);
        Assert.Equal(1200m, opportunity.BaseCloseRevenue);
    }

    [Fact]
    public void Winning_keeps_a_close_revenue_the_user_entered()
    {
        var opportunity = New(budget: Usd(1200m), closeDate: Today);

        opportunity.Apply(new OpportunityChange { Status = Won, CloseRevenue = new(Eur(1000m)) }, Context());

        Assert.Equal(Eur(1000m), opportunity.CloseRevenue);
        Assert.Equal(1100m, opportunity.BaseCloseRevenue);
    }

    [Fact]
    public void Closing_without_a_close_date_uses_today()
    {
        var opportunity = New(budget: Usd(10m));

        Move(opportunity, Won);

        Assert.Equal(Today, opportunity.CloseDate);
    }

    [Fact]
    public void A_closed_deal_cannot_lose_its_close_date()
    {
        var opportunity = New(Won, closeDate: Today);

        var error = Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { CloseDate = new(null) }, Context()));

        Assert.Equal(nameof(Opportunity.CloseDate), error.Field);
        Assert.Equal(Today, opportunity.CloseDate);
    }

    [Fact]
    public void Losing_requires_outsold_or_cancelled()
    {
        var opportunity = New(closeDate: Today);

        var error = Assert.Throws<DomainRuleException>(() => Move(opportunity, Lost));
        Assert.Equal(nameof(Opportunity.CloseReasonCode), error.Field);

        opportunity.Apply(new OpportunityChange { Status = Lost, CloseReason = new("cancelled") }, Context());
        Assert.Equal(CloseReason.CancelledCode, opportunity.CloseReasonCode);
    }

    [Fact]
    public void A_lost_change_that_also_sets_a_revenue_is_refused()
    {
        var opportunity = New(budget: Usd(500m), closeDate: Today);

        var error = Assert.Throws<DomainRuleException>(() =>
            opportunity.Apply(new OpportunityChange { Status = Lost, CloseReason = new("outsold"), CloseRevenue = new(Usd(500m)) }, Context()));

        Assert.Equal(nameof(Opportunity.CloseRevenueAmount), error.Field);
        Assert.Equal(Open.Id, opportunity.StatusId);
    }

    [Fact]
    public void A_refused_change_leaves_the_opportunity_as_it_was()
    {
        var opportunity = New(Identification, budget: Usd(10m));
        var version = opportunity.Version;

        Assert.Throws<DomainRuleException>(() =>
            opportunity.Apply(new OpportunityChange { Name = "Renamed", Notes = new("new notes"), Status = Lost, Budget = new(Usd(99m)) }, Context()));

        Assert.Equal("Fleet rollout", opportunity.Name);
        Assert.Null(opportunity.Notes);
        Assert.Equal(Identification.Id, opportunity.StatusId);
        Assert.Equal(Usd(10m), opportunity.Budget);
        Assert.Null(opportunity.ClosedAt);
        Assert.Equal(version, opportunity.Version);
    }

    [Fact]
    public void Losing_sets_probability_0_and_close_revenue_0_in_base_currency()
    {
        var opportunity = New(Negotiation, budget: Eur(1000m), closeDate: Today);

        opportunity.Apply(new OpportunityChange { Status = Lost, CloseReason = new("outsold") }, Context());

        Assert.Equal(0, opportunity.Probability);
        Assert.Equal(Usd(0m), opportunity.CloseRevenue);
        Assert.Equal(0m, opportunity.BaseCloseRevenue);
    }

    [Fact]
    public void Reopening_clears_closed_at_close_reason_and_close_revenue()
    {
        var opportunity = New(budget: Usd(100m), closeDate: Today);
        Move(opportunity, Won);

        // The form sends the closed deal's revenue and reason as they were: reopening still clears them.
        opportunity.Apply(new OpportunityChange { Status = Negotiation, CloseRevenue = new(Usd(100m)), CloseReason = new("won") }, Context());

        Assert.Null(opportunity.ClosedAt);
        Assert.Null(opportunity.CloseReasonCode);
        Assert.Null(opportunity.CloseRevenue);
        Assert.Null(opportunity.BaseCloseRevenue);
        Assert.Equal(80, opportunity.Probability);
    }

    [Fact]
    public void A_closed_deal_is_valued_at_the_rate_in_effect_at_its_closing()
    {
        var rates = new Rates(1.1m);
        var opportunity = New(budget: Eur(1000m), closeDate: Today, rates: rates);
        Move(opportunity, Won, rates, Now.AddDays(-10));

        // A rate entered later changes nothing for this deal, even when its budget is edited.
        rates.EurRateBefore = 1.1m;
        rates.EurRate = 1.3m;
        rates.Switch = Now.AddDays(-5);
        opportunity.Apply(new OpportunityChange { Budget = new(Eur(2000m)) }, Context(rates));

        Assert.Equal(2200m, opportunity.BaseBudgetAmount);
    }

    [Fact]
    public void Editing_anything_else_changes_no_base_value()
    {
        var rates = new Rates(1.1m);
        var opportunity = New(budget: Eur(1000m), closeDate: Today, rates: rates);
        Move(opportunity, Won, rates);
        opportunity.ClearDomainEvents();
        rates.EurRate = 1.5m;

        opportunity.Apply(new OpportunityChange { Notes = new("Signed at the trade fair."), Budget = new(Eur(1000m)), CloseRevenue = new(Eur(1000m)) }, Context(rates));

        Assert.Equal(1100m, opportunity.BaseBudgetAmount);
        Assert.Equal(1100m, opportunity.BaseCloseRevenue);
        Assert.DoesNotContain(opportunity.DomainEvents, e => e is OpportunityRevalued);
    }

    [Fact]
    public void Reopening_values_the_deal_at_the_current_rate()
    {
        var rates = new Rates(1.1m);
        var opportunity = New(budget: Eur(1000m), closeDate: Today, rates: rates);
        Move(opportunity, Won, rates);
        rates.EurRate = 1.2m;

        Move(opportunity, Open, rates);

        Assert.Equal(1200m, opportunity.BaseBudgetAmount);
    }

    [Fact]
    public void Base_values_round_half_away_from_zero_to_four_decimals()
    {
        var opportunity = New(budget: Eur(0.0005m), rates: new Rates(1m));
        Assert.Equal(0.0005m, opportunity.BaseBudgetAmount);

        var half = New(budget: Eur(1m), rates: new Rates(0.00005m));
        Assert.Equal(0.0001m, half.BaseBudgetAmount);
    }

    [Fact]
    public void Amounts_cannot_be_negative_nor_in_a_currency_that_is_not_allowed()
    {
        var opportunity = New();
        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Budget = new(Usd(-1m)) }, Context()));
        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Budget = new(new M(5m, new CurrencyCode("JPY"))) }, Context()));
    }

    [Fact]
    public void A_closed_deal_keeps_its_fixed_probability()
    {
        var opportunity = New(Won, closeDate: Today);

        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Probability = new(40) }, Context()));
        opportunity.Apply(new OpportunityChange { Probability = new(100) }, Context());
        Assert.Equal(100, opportunity.Probability);
    }

    [Fact]
    public void Creating_a_won_opportunity_applies_the_closing_rules()
    {
        var opportunity = New(Won, budget: Usd(300m));

        Assert.Equal(Now, opportunity.ClosedAt);
        Assert.Equal(100, opportunity.Probability);
        Assert.Equal(Usd(300m), opportunity.CloseRevenue);
        Assert.Equal(Today, opportunity.CloseDate);
    }

    [Fact]
    public void Names_are_required_and_limited_to_255_characters()
    {
        Assert.Throws<DomainRuleException>(() => Opportunity.Create(new OpportunityChange { OwnerId = 1, AccountId = 1, Status = Open }, Context()));
        var opportunity = New();
        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Name = new string('x', 256) }, Context()));
        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Name = "  " }, Context()));
    }

    [Fact]
    public void A_change_moves_the_version_and_updated_at_and_one_that_changes_nothing_does_not()
    {
        var opportunity = New(Identification);
        var later = Now.AddHours(1);

        Assert.False(opportunity.Apply(new OpportunityChange { Name = "Fleet rollout", Status = Identification }, Context(now: later)));
        Assert.Equal(0, opportunity.Version);

        Assert.True(opportunity.Apply(new OpportunityChange { Name = "Fleet rollout 2" }, Context(now: later)));
        Assert.Equal(1, opportunity.Version);
        Assert.Equal(later, opportunity.UpdatedAt);
    }

    [Fact]
    public void The_aggregate_records_what_happened()
    {
        var opportunity = New(Identification, budget: Eur(100m));
        opportunity.ClearDomainEvents();

        opportunity.Apply(new OpportunityChange { Status = Won, OwnerId = 2 }, Context());

        Assert.Contains(opportunity.DomainEvents, e => e is OpportunityStatusChanged { FromStatusId: 2, ToStatusId: 6 });
        Assert.Contains(opportunity.DomainEvents, e => e is OpportunityClosed { Kind: StatusKind.Won });
        Assert.Contains(opportunity.DomainEvents, e => e is OpportunityOwnerChanged { FromOwnerId: 1, ToOwnerId: 2 });
        Assert.Contains(opportunity.DomainEvents, e => e is OpportunityChanged { Created: false });
    }

    [Fact]
    public void The_stage_entered_time_is_set_on_create_and_moves_only_when_the_status_changes()
    {
        var opportunity = New(Identification);
        Assert.Equal(Now, opportunity.StageEnteredAt);

        // Other fields, the same status sent again, and a refused change leave it where it was.
        opportunity.Apply(new OpportunityChange { Notes = "Call back", Budget = new(Usd(500m)), Probability = new(40) }, Context(now: Now.AddDays(1)));
        opportunity.Apply(new OpportunityChange { Status = Identification, CloseDate = new(Today.AddDays(30)) }, Context(now: Now.AddDays(2)));
        Assert.Throws<DomainRuleException>(() => opportunity.Apply(new OpportunityChange { Status = Lost }, Context(now: Now.AddDays(3))));
        Assert.Equal(Now, opportunity.StageEnteredAt);
        Assert.Equal(Now.AddDays(2), opportunity.UpdatedAt);

        Move(opportunity, Negotiation, now: Now.AddDays(4));
        Assert.Equal(Now.AddDays(4), opportunity.StageEnteredAt);

        // Closing and reopening are status changes too.
        Move(opportunity, Won, now: Now.AddDays(5));
        Assert.Equal(Now.AddDays(5), opportunity.StageEnteredAt);
        Move(opportunity, Negotiation, now: Now.AddDays(6));
        Assert.Equal(Now.AddDays(6), opportunity.StageEnteredAt);
    }
}
