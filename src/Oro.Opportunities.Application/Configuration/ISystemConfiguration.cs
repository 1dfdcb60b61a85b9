namespace Oro.Opportunities.Application.Configuration;

/// <summary>
/// The one way to read System Configuration. The snapshot is cached in memory and checked
/// against the database's configuration revision at most once per request, so a change saved
/// by another app instance on the same database is seen on the next request.
/// </summary>
public interface ISystemConfiguration
{
    Task<ConfigurationSnapshot> GetAsync(CancellationToken cancellationToken = default);
}
