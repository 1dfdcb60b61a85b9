namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>A user's own grid view: filters, sort and columns kept as the grid's query string (spec §4).</summary>
[Configuration.BumpsRevision(Configuration.DataRevision.Views)] // The lists of views are cached per revision.
public sealed class SavedGridView
{
    public const int NameMaxLength = 100;
    public const int QueryMaxLength = 4000;

    public SavedGridView(int userId, string grid, string name, string query)
    {
        UserId = userId;
        Grid = grid;
        Name = name;
        Query = query;
    }

    public int Id { get; private set; }

    public int UserId { get; private set; }

    public string Grid { get; private set; }

    public string Name { get; set; }

    public string Query { get; set; }

    public bool IsDefault { get; set; }
}
