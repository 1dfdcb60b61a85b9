namespace Oro.Opportunities.Domain.Statuses;

/// <summary>The close-reason look-up of spec §1: won, outsold, cancelled.</summary>
public sealed class CloseReason
{
    public const string WonCode = "won";
    public const string OutsoldCode = "outsold";
    public const string CancelledCode = "cancelled";

    public CloseReason(string code, string label)
    {
        Code = code;
        Label = label;
    }

    public string Code { get; private set; }

    public string Label { get; private set; }

    public static CloseReason[] Defaults() =>
    [
        new(WonCode, "Won"),
        new(OutsoldCode, "Outsold"),
        new(CancelledCode, "Cancelled"),
    ];

    /// <summary>A lost deal needs one of these reasons (spec §3.3).</summary>
    public static bool IsLostReason(string? code) => code is OutsoldCode or CancelledCode;
}
