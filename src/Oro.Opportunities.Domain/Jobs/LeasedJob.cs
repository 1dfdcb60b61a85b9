namespace Oro.Opportunities.Domain.Jobs;

/// <summary>
/// A background job whose row says which node runs it and until when (ADR-0017). A node holds the
/// lease while it works and renews it every few seconds (the heartbeat); when the lease has expired,
/// any live node may take the job over and resume it. The columns live on the job's own row so that
/// claiming, renewing and fencing a chunk are single-row updates in the same database as the work.
/// </summary>
public interface ILeasedJob
{
    int Id { get; }

    /// <summary>The node that holds the lease (see <c>JobNode</c>), or null when nobody does.</summary>
    string? LeaseOwner { get; }

    /// <summary>Until when the holder's lease runs; after it any node may take the job over.</summary>
    DateTime? LeaseExpiresAt { get; }

    /// <summary>What happened to the run, one line per event ("node lost; resumed at row 4,001").</summary>
    string? History { get; }

    int Attempts { get; }

    bool IsFinished { get; }
}

/// <summary>The job's history text: lines appended at the end, the oldest dropped when it grows too long.</summary>
public static class JobHistory
{
    public const int MaxLength = 4000;

    public const int LeaseOwnerMaxLength = 100;

    public static string Append(string? history, string line)
    {
        var text = string.IsNullOrEmpty(history) ? line : history + "\n" + line;
        while (text.Length > MaxLength)
        {
            var cut = text.IndexOf('\n', StringComparison.Ordinal);
            text = cut < 0 ? text[^MaxLength..] : text[(cut + 1)..];
        }

        return text;
    }

    public static IReadOnlyList<string> Lines(string? history) =>
        string.IsNullOrEmpty(history) ? [] : history.Split('\n');
}
