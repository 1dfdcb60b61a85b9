using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.UnitTests.Opportunities;

public sealed class OpportunitySearchRulesTests
{
    [Fact]
    public void Values_the_queries_cannot_use_are_dropped_and_named_while_the_others_stay()
    {
        var search = new OpportunitySearch
        {
            Name = "Keep",
            CreatedTo = new DateOnly(9999, 12, 31),
            CloseFrom = DateOnly.MinValue,
            UpdatedTo = new DateOnly(9999, 12, 30),
            BudgetMin = 1e28m,
            BudgetMax = 1_000m,
            ProbabilityMax = 101,
            Account = "a\0b",
        };

        var problems = OpportunitySearchRules.Sanitize(search);

        Assert.Equal("Keep", search.Name);
        Assert.Null(search.CreatedTo);
        Assert.Null(search.CloseFrom);
        Assert.Equal(new DateOnly(9999, 12, 30), search.UpdatedTo);
        Assert.Null(search.BudgetMin);
        Assert.Equal(1_000m, search.BudgetMax);
        Assert.Null(search.ProbabilityMax);
        Assert.Null(search.Account);
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("The Created to date must be", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("closeTo", "9999-12-31", true)]
    [InlineData("CLOSETO", "0001-01-01", true)]
    [InlineData("closeTo", "2030-01-31", false)]
    [InlineData("budgetMin", "1e28", true)]
    [InlineData("budgetMin", "922337203685477", false)]
    [InlineData("revenueMax", "not-a-number", true)]
    [InlineData("probabilityMin", "-1", true)]
    [InlineData("cols", "name,owner", false)]
    public void A_saved_query_is_checked_with_the_same_rules(string key, string value, bool refused)
    {
        var problems = OpportunitySearchRules.CheckQuery([new(key, value)]);

        Assert.Equal(refused, problems.Count > 0);
    }
}
