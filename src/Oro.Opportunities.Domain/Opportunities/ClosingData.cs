namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// What a user supplies when closing a deal (spec §3.3): the close date, and for Won an optional
/// close revenue, for Lost the reason. Values left null keep what the opportunity already has.
/// </summary>
public sealed record ClosingData(DateOnly? CloseDate, Money.Money? CloseRevenue = null, string? CloseReasonCode = null);
