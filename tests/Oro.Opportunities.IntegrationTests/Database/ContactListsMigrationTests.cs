using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.IntegrationTests.Infrastructure;

// EF1003: the SQL below is built from the test's own constants, written as the old schema's rows.
#pragma warning disable EF1003

namespace Oro.Opportunities.IntegrationTests.Database;

/// <summary>
/// Issue 12: contacts' two e-mails and two phones become lists, the first one primary, with no data
/// lost — checked by migrating a database that holds contacts written under the old schema.
/// </summary>
public sealed class ContactListsMigrationTests
{
    private const string Migration = "LeadsAndContactLists";

    [Fact]
    public async Task Sqlite_contacts_keep_both_emails_and_phones_as_lists_with_the_first_primary()
    {
        var folder = Path.Combine(Path.GetTempPath(), "oro-tests", Guid.NewGuid().ToString("N"));
        var settings = DatabaseSettings.FromConfiguration(new ConfigurationBuilder().Build(), folder);
        try
        {
            await CheckAsync(settings);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Postgresql_contacts_keep_both_emails_and_phones_as_lists_with_the_first_primary()
    {
        PostgresServer.EnsureAvailable();
        var name = "oro_migr_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await CheckAsync(new DatabaseSettings(DatabaseProvider.PostgreSql, PostgresServer.ConnectionStringFor(name)));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(name);
        }
    }

    private static async Task CheckAsync(DatabaseSettings settings)
    {
        await using var db = CreateContext(settings);
        var migrator = db.GetService<IMigrator>();
        var all = db.Database.GetMigrations().ToList();
        var before = all[all.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before);

        var q = db.Database.IsNpgsql() ? "true" : "1";
        var rows = new[]
        {
            // id, email, secondary email, phone, secondary phone
            (1, "'both@example.com'", "'second@example.com'", "'+1 555 0100'", "'+1 555 0199'"),
            (2, "NULL", "'only-second@example.com'", "NULL", "'+1 555 0200'"),
            (3, "'same@example.com'", "'SAME@example.com'", "'+44 20 7946 0000'", "NULL"),
            (4, "NULL", "NULL", "NULL", "NULL"),
            (5, "'quote\"and\\slash@example.com'", "NULL", "NULL", "NULL"),
        };
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"AspNetUsers\" (\"Id\", \"FirstName\", \"LastName\", \"IsEnabled\", \"CreatedAt\", \"UserName\", \"EmailConfirmed\", \"PhoneNumberConfirmed\", \"TwoFactorEnabled\", \"LockoutEnabled\", \"AccessFailedCount\") " +
            $"VALUES (900, 'Old', 'Owner', {q}, '2026-01-01 00:00:00', 'old-owner', {q}, {q}, {q}, {q}, 0)");
        foreach (var (id, email, secondEmail, phone, secondPhone) in rows)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Contacts\" (\"Id\", \"FirstName\", \"LastName\", \"JobTitle\", \"Email\", \"SecondaryEmail\", \"Phone\", \"SecondaryPhone\", \"OwnerId\", \"CreatedAt\", \"UpdatedAt\", \"Version\") " +
                $"VALUES ({id}, 'First{id}', 'Last{id}', NULL, {email}, {secondEmail}, {phone}, {secondPhone}, 900, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)");
        }

        await migrator.MigrateAsync();
        var contacts = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).ToListAsync();

        Assert.Equal(
            [new EmailAddress("both@example.com", true), new EmailAddress("second@example.com", false)],
            contacts[0].Emails.ToList());
        Assert.Equal([new PhoneNumber("+1 555 0100", true), new PhoneNumber("+1 555 0199", false)], contacts[0].Phones.ToList());
        Assert.Equal(("both@example.com", "+1 555 0100"), (contacts[0].Email, contacts[0].Phone));

        // A secondary value alone becomes the primary one, and the primary column follows it.
        Assert.Equal([new EmailAddress("only-second@example.com", true)], contacts[1].Emails.ToList());
        Assert.Equal([new PhoneNumber("+1 555 0200", true)], contacts[1].Phones.ToList());
        Assert.Equal(("only-second@example.com", "+1 555 0200"), (contacts[1].Email, contacts[1].Phone));

        // The same address twice (in another case) is kept once.
        Assert.Equal([new EmailAddress("same@example.com", true)], contacts[2].Emails.ToList());
        Assert.Equal([new PhoneNumber("+44 20 7946 0000", true)], contacts[2].Phones.ToList());

        Assert.Empty(contacts[3].Emails);
        Assert.Empty(contacts[3].Phones);
        Assert.Empty(contacts[3].Addresses);

        // Characters JSON escapes survive the SQL that builds the lists.
        Assert.Equal("quote\"and\\slash@example.com", Assert.Single(contacts[4].Emails).Email);
    }

    private static AppDbContext CreateContext(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, settings);
        return new AppDbContext(options.Options);
    }
}
