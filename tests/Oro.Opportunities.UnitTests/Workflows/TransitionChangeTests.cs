using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.UnitTests.Workflows;

/// <summary>
/// Each transition of the shipped flows as the change it hands to the pipeline (form + effects), the
/// form's guards, and step restrictions inside <see cref="Opportunity.Apply"/>.
/// </summary>
public sealed class TransitionChangeTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 15, 0, 0, DateTimeKind.Utc);

    private static readonly DateOnly Today = new(2026, 11, 29);

    private static ChangeContext Context() => Snapshot.ChangeContext(new Application.Common.UserTime(Now, TimeZoneInfo.Utc));

    private static readonly ConfigurationSnapshot Snapshot = new(
        1, true, true, true, "USD", CurrencyDisplay.Code, ["USD", "EUR"],
        [
            new StatusInfo(1, "in_progress", "Open", 0, StatusKind.Open, 1, true),
            new StatusInfo(2, "negotiation", "Negotiation", 80, StatusKind.Open, 2, false),
            new StatusInfo(3, "won", "Closed Won", 100, StatusKind.Won, 3, true),
            new StatusInfo(4, "lost", "Closed Lost", 0, StatusKind.Lost, 4, true),
        ],
        new Dictionary<string, RateInfo>(),
        new Dictionary<string, RateHistory> { ["EUR"] = new([new RatePoint(1, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1.1m)]) });

    private static readonly WorkflowDefinition Flow =
        WorkflowDefinitionReader.ReadValid(WorkflowAdministration.SystemDefinitionText("opportunity_flow.yaml"), "flow");

    private static readonly WorkflowDefinition SupportFlow =
        WorkflowDefinitionReader.ReadValid(WorkflowAdministration.SystemDefinitionText("opportunity_support_flow.yaml"), "support");

    private static Opportunity Deal(string status = "negotiation", decimal budget = 1000m) => Opportunity.Create(
        new OpportunityChange
        {
            Name = "Fleet",
            OwnerId = 1,
            AccountId = 1,
            Status = Snapshot.StatusByCodeOrLabel(status)!,
            Budget = new(new Domain.Money.Money(budget, new CurrencyCode("USD"))),
        },
        Context());

    private static Opportunity Run(Opportunity deal, WorkflowDefinition definition, string transition, params (string Field, string? Value)[] form)
    {
        var change = WorkflowRunner.BuildChange(definition, definition.Transition(transition)!, form.ToDictionary(f => f.Field, f => f.Value), deal, Snapshot, Today);
        deal.Apply(change, Context());
        return deal;
    }

    [Fact]
    public void Close_as_won_sets_won_reason_won_and_100_percent_with_the_forms_revenue_and_date()
    {
        var deal = Run(Deal(), Flow, "close_won", ("closeRevenue", "900"), ("closeRevenueCurrency", "EUR"), ("closeDate", "2026-12-01"));

        Assert.Equal(("won", "won", 100, 900m, "EUR", new DateOnly(2026, 12, 1)), (deal.StatusCode, deal.CloseReasonCode!, deal.Probability!.Value, deal.CloseRevenueAmount!.Value, deal.CloseRevenueCurrency!, deal.CloseDate!.Value));
        Assert.Equal(990m, deal.BaseCloseRevenue);
    }

    [Fact]
    public void Close_as_lost_sets_lost_revenue_zero_in_base_currency_and_0_percent()
    {
        var deal = Run(Deal(), Flow, "close_lost", ("closeReason", "cancelled"), ("closeDate", "2026-12-02"));

        Assert.Equal(("lost", "cancelled", 0, 0m, "USD"), (deal.StatusCode, deal.CloseReasonCode!, deal.Probability!.Value, deal.CloseRevenueAmount!.Value, deal.CloseRevenueCurrency!));
    }

    [Fact]
    public void Develop_saves_its_fields_and_the_probability_follows_the_new_status()
    {
        var deal = Run(Deal("in_progress"), Flow, "develop", ("status", "negotiation"), ("budget", "2500"), ("customerNeed", "40 vans"), ("probability", ""));

        Assert.Equal(("negotiation", 80, 2500m, "40 vans"), (deal.StatusCode, deal.Probability!.Value, deal.BudgetAmount!.Value, deal.CustomerNeed!));
    }

    [Fact]
    public void Reopen_clears_the_closing_data_and_start_clears_reason_and_revenue()
    {
        var deal = Run(Deal(), Flow, "close_won", ("closeDate", "2026-12-01"));
        Run(deal, Flow, "reopen", ("status", "in_progress"), ("additionalComments", "Back"));

        Assert.Equal(("in_progress", (string?)null, (decimal?)null, (DateTime?)null, "Back"), (deal.StatusCode, deal.CloseReasonCode, deal.CloseRevenueAmount, deal.ClosedAt, deal.Notes!));

        var started = Run(Deal(), Flow, "start", ("status", "negotiation"));
        Assert.Equal(("negotiation", (string?)null, (decimal?)null), (started.StatusCode, started.CloseReasonCode, started.CloseRevenueAmount));
    }

    [Fact]
    public void Register_a_complaint_writes_additional_comments()
    {
        var deal = Run(Deal(), SupportFlow, "register_complaint", ("additionalComments", "Late delivery"));

        Assert.Equal("Late delivery", deal.Notes);
    }

    [Fact]
    public void The_form_reports_every_error_at_once_and_changes_nothing()
    {
        var deal = Deal();
        var close = Flow.Transition("close_lost")!;

        var refused = Assert.Throws<TransitionFormException>(() =>
            WorkflowRunner.BuildChange(Flow, close, new Dictionary<string, string?> { ["closeReason"] = "won", ["closeDate"] = "tomorrow" }, deal, Snapshot, Today));

        Assert.Equal(
            [("closeReason", "Close reason must be one of: outsold, cancelled."), ("closeDate", "Enter a date as YYYY-MM-DD.")],
            refused.Errors.Select(e => (e.Field!, e.Message)));
        Assert.Equal("negotiation", deal.StatusCode);
    }

    [Fact]
    public void A_status_the_form_disallows_is_refused_and_a_field_not_sent_stays_as_it_is()
    {
        var deal = Deal();
        var develop = Flow.Transition("develop")!;

        var refused = Assert.Throws<TransitionFormException>(() =>
            WorkflowRunner.BuildChange(Flow, develop, new Dictionary<string, string?> { ["status"] = "won" }, deal, Snapshot, Today));
        var change = WorkflowRunner.BuildChange(Flow, develop, new Dictionary<string, string?> { ["status"] = "in_progress" }, deal, Snapshot, Today);

        Assert.Equal("Status cannot be Closed Won in Develop.", Assert.Single(refused.Errors).Message);
        Assert.NotNull(change.Status);
        Assert.Null(change.Budget);
        Assert.Null(change.CustomerNeed);
    }

    [Fact]
    public void A_condition_that_does_not_hold_refuses_the_transition_with_its_message()
    {
        var definition = WorkflowDefinitionReader.ReadValid("""
            name: needs_contact
            label: Needs contact
            entity: opportunity
            steps: [{ name: a, label: A, order: 1 }]
            transitions:
              - { name: go, label: Go, from: [a], to: a, conditions: [{ kind: anyNotEmpty, fields: [contact, customerNeed], message: Name a contact or a need. }] }
            """, "test");

        var refused = Assert.Throws<TransitionFormException>(() =>
            WorkflowRunner.BuildChange(definition, definition.Transition("go")!, new Dictionary<string, string?>(), Deal(), Snapshot, Today));

        Assert.Equal("Name a contact or a need.", Assert.Single(refused.Errors).Message);
    }

    /// <summary>Refuses any change to the fields it names; records what it was asked.</summary>
    private sealed class Locked(params string[] fields) : IChangeRestrictions
    {
        public List<IReadOnlySet<string>> Asked { get; } = [];

        public void Check(RestrictedChange change)
        {
            Asked.Add(change.ChangedFields);
            if (fields.FirstOrDefault(change.ChangedFields.Contains) is { } field)
            {
                throw new DomainRuleException($"{field} is locked.", field);
            }
        }
    }

    [Fact]
    public void A_restriction_refuses_the_whole_change_before_anything_is_assigned()
    {
        var deal = Deal();
        var locked = new Locked("BudgetAmount");

        var refused = Assert.Throws<DomainRuleException>(() => deal.Apply(
            new OpportunityChange { Name = "Renamed", Budget = new(new Domain.Money.Money(5m, new CurrencyCode("USD"))) },
            Context() with { Restrictions = locked }));

        Assert.Equal("BudgetAmount", refused.Field);
        Assert.Equal(("Fleet", 1000m, 0L), (deal.Name, deal.BudgetAmount!.Value, deal.Version));
        Assert.Contains(locked.Asked, fields => fields.SetEquals(["Name", "BudgetAmount", "BaseBudgetAmount"]));
    }

    [Fact]
    public void A_restriction_sees_the_fields_a_rule_changes_and_a_status_as_soon_as_it_is_known()
    {
        var deal = Deal();
        var locked = new Locked("CloseReasonCode");

        // Closing as won sets the close reason (a derived change): refused although the change did not name it.
        Assert.Throws<DomainRuleException>(() => deal.Apply(
            new OpportunityChange { Status = Snapshot.StatusByCodeOrLabel("won")!, CloseDate = new(new DateOnly(2026, 12, 1)) },
            Context() with { Restrictions = locked }));

        Assert.Equal(["StatusId"], locked.Asked[0]);
        Assert.Contains("CloseReasonCode", locked.Asked[1]);
        Assert.Equal("negotiation", deal.StatusCode);
    }
}
