using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.UnitTests.Configuration;

public sealed class StatusRulesTests
{
    [Theory]
    [InlineData(OpportunityStatus.OpenCode)]
    [InlineData(OpportunityStatus.WonCode)]
    [InlineData(OpportunityStatus.LostCode)]
    public void System_statuses_cannot_be_deleted_even_when_unused(string code)
    {
        var status = DefaultsWithIds().Single(s => s.Code == code);

        var error = Assert.Throws<DomainRuleException>(() => StatusList.EnsureCanDelete(status, 0, null));

        Assert.True(status.IsSystem);
        Assert.Contains("system status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unused_custom_status_can_be_deleted_without_a_target()
    {
        var status = DefaultsWithIds().Single(s => s.Code == "needs_analysis");

        var error = Record.Exception(() => StatusList.EnsureCanDelete(status, 0, null));

        Assert.Null(error);
        Assert.False(status.IsSystem);
    }

    [Fact]
    public void A_status_in_use_needs_a_status_to_move_its_records_to()
    {
        var status = DefaultsWithIds().Single(s => s.Code == "needs_analysis");

        var error = Assert.Throws<DomainRuleException>(() => StatusList.EnsureCanDelete(status, 3, null));

        Assert.Equal("MoveTo", error.Field);
        Assert.Contains("3 opportunities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_cannot_move_to_the_status_being_deleted()
    {
        var status = DefaultsWithIds().Single(s => s.Code == "needs_analysis");

        var error = Assert.Throws<DomainRuleException>(() => StatusList.EnsureCanDelete(status, 3, status));

        Assert.Equal("MoveTo", error.Field);
    }

    [Theory]
    [InlineData(OpportunityStatus.WonCode)]
    [InlineData(OpportunityStatus.LostCode)]
    public void Records_of_a_deleted_status_cannot_move_to_a_closed_status(string closedCode)
    {
        var statuses = DefaultsWithIds();
        var status = statuses.Single(s => s.Code == "needs_analysis");

        var error = Assert.Throws<DomainRuleException>(() => StatusList.EnsureCanDelete(status, 3, statuses.Single(s => s.Code == closedCode)));

        Assert.Equal("MoveTo", error.Field);
        Assert.Contains("open status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_of_a_deleted_status_may_move_to_another_open_status()
    {
        var statuses = DefaultsWithIds();
        var status = statuses.Single(s => s.Code == "needs_analysis");

        var error = Record.Exception(() => StatusList.EnsureCanDelete(status, 3, statuses.Single(s => s.Code == "negotiation")));

        Assert.Null(error);
    }

    [Fact]
    public void Won_keeps_its_probability_of_100()
    {
        var won = DefaultsWithIds().Single(s => s.Code == OpportunityStatus.WonCode);

        var error = Assert.Throws<DomainRuleException>(() => won.ChangeDefaultProbability(90));
        won.ChangeDefaultProbability(100);

        Assert.Equal(nameof(OpportunityStatus.DefaultProbability), error.Field);
        Assert.Equal(100, won.DefaultProbability);
    }

    [Fact]
    public void Lost_keeps_its_probability_of_0()
    {
        var lost = DefaultsWithIds().Single(s => s.Code == OpportunityStatus.LostCode);

        Assert.Throws<DomainRuleException>(() => lost.ChangeDefaultProbability(10));

        Assert.Equal(0, lost.DefaultProbability);
    }

    [Fact]
    public void A_won_status_created_with_another_probability_still_gets_100()
    {
        var won = new OpportunityStatus("won_again", "Won again", 40, StatusKind.Won, 10);

        Assert.Equal(100, won.DefaultProbability);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(100)]
    public void An_open_status_takes_any_whole_percent(int probability)
    {
        var status = DefaultsWithIds().Single(s => s.Code == "negotiation");

        status.ChangeDefaultProbability(probability);

        Assert.Equal(probability, status.DefaultProbability);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void An_open_status_refuses_a_probability_outside_0_to_100(int probability)
    {
        var status = DefaultsWithIds().Single(s => s.Code == "negotiation");

        Assert.Throws<DomainRuleException>(() => status.ChangeDefaultProbability(probability));

        Assert.Equal(80, status.DefaultProbability);
    }

    [Fact]
    public void Renaming_trims_the_label_and_refuses_an_empty_one()
    {
        var status = DefaultsWithIds().Single(s => s.Code == "negotiation");

        status.Rename("  Final negotiation ");
        var error = Assert.Throws<DomainRuleException>(() => status.Rename("   "));

        Assert.Equal("Final negotiation", status.Label);
        Assert.Equal(nameof(OpportunityStatus.Label), error.Field);
    }

    [Fact]
    public void Reordering_renumbers_the_statuses_ten_apart_in_the_given_order()
    {
        var statuses = DefaultsWithIds();
        var order = statuses.Select(s => s.Id).Reverse().ToList();

        StatusList.Reorder(statuses, order);

        var sorted = statuses.OrderBy(s => s.SortOrder).Select(s => s.Id).ToList();
        Assert.Equal(order, sorted);
        Assert.Equal([10, 20, 30, 40, 50, 60, 70], statuses.OrderBy(s => s.SortOrder).Select(s => s.SortOrder));
    }

    [Fact]
    public void Reordering_refuses_an_order_that_misses_or_repeats_a_status()
    {
        var statuses = DefaultsWithIds();
        var missing = statuses.Skip(1).Select(s => s.Id).ToList();
        var repeated = statuses.Select(s => s.Id).Take(6).Append(statuses[0].Id).ToList();

        Assert.Throws<DomainRuleException>(() => StatusList.Reorder(statuses, missing));
        Assert.Throws<DomainRuleException>(() => StatusList.Reorder(statuses, repeated));

        Assert.Equal([10, 20, 30, 40, 50, 60, 70], statuses.Select(s => s.SortOrder));
    }

    [Theory]
    [InlineData("Proposal Sent", "proposal_sent")]
    [InlineData("  Identification & Alignment ", "identification_alignment")]
    [InlineData("Stage 2 – review", "stage_2_review")]
    [InlineData("2nd call", "status_2nd_call")]
    [InlineData("!!!", "status_")]
    public void A_code_derives_from_the_label(string label, string expected)
    {
        Assert.Equal(expected, StatusList.CodeFromLabel(label));
    }

    [Fact]
    public void A_derived_code_that_is_taken_gets_a_number()
    {
        var taken = new[] { "negotiation", "negotiation_2", "won" };

        Assert.Equal("negotiation_3", StatusList.UniqueCode("Negotiation", taken));
        Assert.Equal("won_2", StatusList.UniqueCode("Won", taken));
        Assert.Equal("proposal", StatusList.UniqueCode("Proposal", taken));
    }

    [Fact]
    public void A_numbered_code_still_fits_the_code_length()
    {
        var label = new string('a', 80);
        var first = StatusList.UniqueCode(label, []);

        var second = StatusList.UniqueCode(label, [first]);

        Assert.Equal(OpportunityStatus.CodeMaxLength, first.Length);
        Assert.Equal(OpportunityStatus.CodeMaxLength, second.Length);
        Assert.EndsWith("_2", second, StringComparison.Ordinal);
        _ = new OpportunityStatus(second, "Long", 10, StatusKind.Open, 10);
    }

    /// <summary>The default list with the ids the database would give it.</summary>
    private static List<OpportunityStatus> DefaultsWithIds()
    {
        var statuses = OpportunityStatus.Defaults().ToList();
        var id = typeof(OpportunityStatus).GetProperty(nameof(OpportunityStatus.Id))!;
        for (var i = 0; i < statuses.Count; i++)
        {
            id.SetValue(statuses[i], i + 1);
        }

        return statuses;
    }
}
