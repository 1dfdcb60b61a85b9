using Oro.Opportunities.Domain.Jobs;

namespace Oro.Opportunities.Domain.Money;

public enum BaseCurrencyChangeState
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
}

/// <summary>
/// A change of the base currency run in the background (ADR-0013), as a row every node can see: one
/// may be queued or running at a time, and the node running it holds a lease (ADR-0017). The change
/// itself is one transaction, so a run that a lost node left unfinished left nothing behind and the
/// node that takes it over starts it again; the row turns Completed in that same transaction.
/// </summary>
public sealed class BaseCurrencyChangeJob : ILeasedJob
{
    public const int DisplayMaxLength = 20;
    public const int MessageMaxLength = 2000;
    public const int ProgressMaxLength = 200;

    private BaseCurrencyChangeJob()
    {
        TargetCurrency = string.Empty;
        Display = string.Empty;
    }

    public BaseCurrencyChangeJob(string targetCurrency, string display, long expectedRevision, int? userId, int deals, DateTime now)
    {
        TargetCurrency = targetCurrency;
        Display = display;
        ExpectedRevision = expectedRevision;
        UserId = userId;
        Deals = deals;
        State = BaseCurrencyChangeState.Queued;
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string TargetCurrency { get; private set; }

    /// <summary>The currency display chosen with the change (the name of the setting's value).</summary>
    public string Display { get; private set; }

    /// <summary>The configuration revision the administrator confirmed the change on.</summary>
    public long ExpectedRevision { get; private set; }

    public int? UserId { get; private set; }

    /// <summary>The deals the confirmation page announced.</summary>
    public int Deals { get; private set; }

    public BaseCurrencyChangeState State { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public int Revalued { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The running node's last reported phase ("Re-valuing deals 40 %"), written with its heartbeat.</summary>
    public string? Progress { get; private set; }

    public int Attempts { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public string? History { get; private set; }

    public bool IsFinished => State is BaseCurrencyChangeState.Completed or BaseCurrencyChangeState.Failed;

    public bool Start(DateTime now)
    {
        if (IsFinished)
        {
            return false;
        }

        State = BaseCurrencyChangeState.Running;
        StartedAt ??= now;
        Attempts++;
        return true;
    }

    public void Complete(int revalued, DateTime now)
    {
        State = BaseCurrencyChangeState.Completed;
        Revalued = revalued;
        FinishedAt = now;
        Progress = null;
    }

    public void Fail(string message, DateTime now)
    {
        State = BaseCurrencyChangeState.Failed;
        ErrorMessage = message.Length <= MessageMaxLength ? message : message[..MessageMaxLength];
        FinishedAt = now;
        Progress = null;
    }

    public void AddHistory(string line) => History = JobHistory.Append(History, line);
}
