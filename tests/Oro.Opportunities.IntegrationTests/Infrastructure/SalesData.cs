using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>Creates accounts, contacts and opportunities straight through the domain, for tests that need data.</summary>
public static class SalesData
{
    public static async Task<int> AccountAsync(this OroAppFactory factory, string name, int ownerId) =>
        await factory.WithDbAsync(async db =>
        {
            var account = new Account(name, ownerId, DateTime.UtcNow);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });

    public static async Task<int> ContactAsync(this OroAppFactory factory, string first, string last, string? email, int ownerId, int? accountId) =>
        await factory.WithDbAsync(async db =>
        {
            var contact = new Contact(first, last, ownerId, DateTime.UtcNow) { AccountId = accountId };
            contact.SetContactPoints(EmailList.Of(email), PhoneList.Empty, AddressList.Empty);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

    /// <summary>An opportunity in the given status (by code) with the configured rates.</summary>
    public static async Task<Opportunity> OpportunityAsync(
        this OroAppFactory factory, string name, int ownerId, int accountId, string statusCode = "in_progress",
        decimal? budget = null, string currency = "USD", DateOnly? closeDate = null, int? probability = null, int? contactId = null, string? closeReason = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ISystemConfiguration>().GetAsync();
        var status = snapshot.StatusByCodeOrLabel(statusCode)!;
        var opportunity = Opportunity.Create(
            new OpportunityChange
            {
                Name = name,
                OwnerId = ownerId,
                AccountId = accountId,
                ContactId = new(contactId),
                Status = status,
                Probability = new(probability),
                Budget = new(budget is decimal amount ? new Domain.Money.Money(amount, new CurrencyCode(currency)) : null),
                CloseDate = new(closeDate),
                CloseReason = new(closeReason),
            },
            snapshot.ChangeContext(new Oro.Opportunities.Application.Common.UserTime(DateTime.UtcNow, TimeZoneInfo.Utc)));
        db.Opportunities.Add(opportunity);
        await db.SaveChangesAsync();
        return opportunity;
    }

    /// <summary>Adds an allowed currency with a rate, or changes its rate, through the configuration use case.</summary>
    public static async Task SetRateAsync(this OroAppFactory factory, string currency, decimal rateToBase)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = scope.ServiceProvider.GetRequiredService<CurrencySettings>();
        var revision = await ConfigurationCache.ReadRevisionAsync(db, CancellationToken.None);
        var change = new RateChange(currency, rateToBase, null);
        if (await db.AllowedCurrencies.AnyAsync(c => c.Code == currency))
        {
            await settings.SaveRatesAsync([change], revision);
        }
        else
        {
            await settings.AddCurrencyAsync(change, revision);
        }
    }

    public static async Task<Opportunity> ReloadAsync(this OroAppFactory factory, int id) =>
        await factory.WithDbAsync(db => db.Opportunities.AsNoTracking().SingleAsync(o => o.Id == id));
}
