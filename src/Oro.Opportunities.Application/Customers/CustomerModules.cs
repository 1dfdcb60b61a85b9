using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Features;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Customers;

/// <summary>Customers → Accounts (spec §9).</summary>
public sealed class AccountsModule : IFeatureModule
{
    public IEnumerable<MenuEntry> Menu =>
        [new("customers", "Accounts", "/accounts", "bi-building", 10, MenuEntry.ViewersOf(SecuredEntity.Account))];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AccountQueries>();
        services.AddScoped<AccountCommands>();
    }
}

/// <summary>Customers → Contacts (spec §9).</summary>
public sealed class ContactsModule : IFeatureModule
{
    public IEnumerable<MenuEntry> Menu =>
        [new("customers", "Contacts", "/contacts", "bi-person-lines-fill", 20, MenuEntry.ViewersOf(SecuredEntity.Contact))];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ContactQueries>();
        services.AddScoped<ContactCommands>();
    }
}
