using System.Text.RegularExpressions;

namespace Oro.Opportunities.Domain.Statuses;

/// <summary>
/// One entry of the configurable status list (spec §2). The three system statuses
/// (<c>in_progress</c>, <c>won</c>, <c>lost</c>) cannot be deleted, and Won / Lost keep their
/// fixed probabilities.
/// </summary>
public sealed partial class OpportunityStatus
{
    public const int CodeMaxLength = 64;
    public const int LabelMaxLength = 100;

    public const string OpenCode = "in_progress";
    public const string WonCode = "won";
    public const string LostCode = "lost";

    private OpportunityStatus()
    {
        Code = string.Empty;
        Label = string.Empty;
    }

    public OpportunityStatus(string code, string label, int defaultProbability, StatusKind kind, int sortOrder)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > CodeMaxLength || !CodePattern().IsMatch(code))
        {
            throw new DomainRuleException(
                "A status code uses lower-case letters, digits and underscores, starts with a letter and has at most 64 characters.",
                nameof(Code));
        }

        Code = code;
        Label = string.Empty;
        Kind = kind;
        IsSystem = code is OpenCode or WonCode or LostCode;
        SortOrder = sortOrder;
        Rename(label);
        DefaultProbability = FixedProbability(kind) ?? ValidProbability(defaultProbability);
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Label { get; private set; }

    public int DefaultProbability { get; private set; }

    public StatusKind Kind { get; private set; }

    public int SortOrder { get; private set; }

    public bool IsSystem { get; private set; }

    public bool IsClosed => Kind != StatusKind.Open;

    public static OpportunityStatus[] Defaults() =>
    [
        new(OpenCode, "Open", 0, StatusKind.Open, 10),
        new("identification_alignment", "Identification & Alignment", 10, StatusKind.Open, 20),
        new("needs_analysis", "Needs Analysis", 20, StatusKind.Open, 30),
        new("solution_development", "Solution Development", 50, StatusKind.Open, 40),
        new("negotiation", "Negotiation", 80, StatusKind.Open, 50),
        new(WonCode, "Closed Won", 100, StatusKind.Won, 60),
        new(LostCode, "Closed Lost", 0, StatusKind.Lost, 70),
    ];

    /// <summary>Won is always 100 % and Lost always 0 %; open statuses have no fixed value.</summary>
    public static int? FixedProbability(StatusKind kind) => kind switch
    {
        StatusKind.Won => 100,
        StatusKind.Lost => 0,
        _ => null,
    };

    public void Rename(string label)
    {
        var trimmed = label?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > LabelMaxLength)
        {
            throw new DomainRuleException($"A status label is required and has at most {LabelMaxLength} characters.", nameof(Label));
        }

        Label = trimmed;
    }

    public void ChangeDefaultProbability(int probability)
    {
        var fixedValue = FixedProbability(Kind);
        if (fixedValue is not null && fixedValue != probability)
        {
            throw new DomainRuleException(
                $"The probability of '{Label}' is fixed at {fixedValue} %.", nameof(DefaultProbability));
        }

        DefaultProbability = ValidProbability(probability);
    }

    public void MoveTo(int sortOrder) => SortOrder = sortOrder;

    private static int ValidProbability(int probability) =>
        probability is >= 0 and <= 100
            ? probability
            : throw new DomainRuleException("A probability is a whole percent from 0 to 100.", nameof(DefaultProbability));

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
