using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>Something that happened to an aggregate, recorded by it and dispatched by the save step.</summary>
public interface IDomainEvent;

/// <summary>Any applied change that altered the opportunity (created included); <see cref="Fields"/> names what changed.</summary>
public sealed record OpportunityChanged(Opportunity Opportunity, bool Created, IReadOnlySet<string> Fields) : IDomainEvent;

public sealed record OpportunityStatusChanged(Opportunity Opportunity, int? FromStatusId, int ToStatusId) : IDomainEvent;

/// <summary>The deal entered Won or Lost (ClosedAt was stamped).</summary>
public sealed record OpportunityClosed(Opportunity Opportunity, StatusKind Kind, DateTime ClosedAt) : IDomainEvent;

/// <summary>The deal left Won or Lost for an open status.</summary>
public sealed record OpportunityReopened(Opportunity Opportunity) : IDomainEvent;

public sealed record OpportunityOwnerChanged(Opportunity Opportunity, int? FromOwnerId, int ToOwnerId) : IDomainEvent;

/// <summary>A base-currency value changed (its amount, currency, or the rate that applies to it).</summary>
public sealed record OpportunityRevalued(Opportunity Opportunity, decimal? OldBaseBudget, decimal? NewBaseBudget, decimal? OldBaseCloseRevenue, decimal? NewBaseCloseRevenue) : IDomainEvent;
