namespace Oro.Opportunities.Application.Common;

/// <summary>The record does not exist or the user may not see it: both answer 404 (spec §11).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("The record does not exist or you do not have access to it.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A user may see the record but not do this to it (e.g. a read-only role editing).</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("You do not have permission to do this.")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Someone else saved the record after the user loaded it; nothing was overwritten.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public const string OpportunityMessage = "This opportunity was changed by someone else. The form shows the current values; apply your changes again.";

    public ConcurrencyConflictException()
        : base(OpportunityMessage)
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
