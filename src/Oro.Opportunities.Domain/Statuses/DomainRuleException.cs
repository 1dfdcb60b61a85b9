namespace Oro.Opportunities.Domain;

/// <summary>A business rule refused an operation; the message is written for the user.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string message)
        : base(message)
    {
    }

    public DomainRuleException(string message, string? field)
        : base(message)
    {
        Field = field;
    }

    public DomainRuleException()
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The input field the message belongs beside, when there is one.</summary>
    public string? Field { get; }
}
