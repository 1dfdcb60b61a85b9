using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.Web.Features.Customers;

/// <summary>The opportunities listed on an account or contact page.</summary>
public sealed record DealsTableModel(IReadOnlyList<OpportunityListItem> Deals, bool LinkToOpportunities, ConfigurationSnapshot Snapshot, string Caption);
