using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.UnitTests.ImportExport;

/// <summary>The pieces of the "errors with data" file and of the visible-columns export (issue 13 items 12 and 13).</summary>
public sealed class ErrorsWithDataTests
{
    [Fact]
    public void A_header_is_kept_as_one_csv_record_with_quotes_where_needed()
    {
        Assert.Equal("Id,Opportunity name,\"Notes, long\",\"say \"\"hi\"\"\",\" padded \"", ErrorsWithData.Record(["Id", "Opportunity name", "Notes, long", "say \"hi\"", " padded "]));
    }

    [Fact]
    public void The_reasons_name_the_original_row_each_column_and_value()
    {
        var text = ErrorsWithData.Reasons(17, [("Probability", "150", "The probability is a whole percent from 0 to 100."), (null, null, "The row has 3 values but the header has 4 columns.")]);

        Assert.Equal("Row 17: Probability \"150\": The probability is a whole percent from 0 to 100. | The row has 3 values but the header has 4 columns.", text);
    }

    [Fact]
    public void The_errors_column_is_ignored_when_the_fixed_file_is_imported()
    {
        var map = ImportColumnMap.Build(["Opportunity name", "Probability", OpportunityCsv.ImportErrors], OpportunityCsv.Import);

        Assert.Empty(map.Notices);
        Assert.True(map.Has(OpportunityCsv.Probability));
        Assert.Equal(3, map.HeaderCount);
    }

    [Fact]
    public void Visible_columns_keep_the_grids_order_and_fall_back_to_the_defaults()
    {
        Assert.Equal(["name", "budget", "closeReason"], OpportunityGridColumns.Parse("closeReason,budget,bogus,name,name"));
        Assert.Equal(OpportunityGridColumns.Defaults, OpportunityGridColumns.Parse(",,"));
        Assert.Equal(OpportunityGridColumns.Defaults, OpportunityGridColumns.Parse(null));
    }
}
