using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Bulk;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Organization;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using Money = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Application.Demo;

/// <summary>What the <c>seed-demo</c> command was asked for.</summary>
public sealed record DemoDataOptions(int Opportunities = 100_000, int Seed = 42, string? Password = null, bool Append = false, int? Leads = null)
{
    /// <summary>How many leads: <c>--leads</c>, else one for every ten opportunities.</summary>
    public int EffectiveLeads => Leads ?? Math.Max(1, Opportunities / 10);

    /// <summary>The documented password of every demo user when <c>--password</c> is not given.</summary>
    public const string DefaultPassword = "oro-demo-password";

    public string EffectivePassword => string.IsNullOrEmpty(Password) ? DefaultPassword : Password;
}

public sealed record DemoUser(string UserName, string FullName, string Role, string Team, bool Created);

public sealed record DemoDataResult(
    IReadOnlyList<DemoUser> Users,
    IReadOnlyList<string> AddedCurrencies,
    int Teams,
    int Accounts,
    int Contacts,
    int Opportunities,
    IReadOnlyDictionary<string, int> OpportunitiesByStatus,
    TimeSpan OpportunitiesElapsed,
    TimeSpan Elapsed,
    int Leads = 0,
    IReadOnlyDictionary<string, int>? LeadsByStatus = null);

/// <summary>The demo data cannot be loaded as asked (data already there, a bad password).</summary>
public sealed class DemoDataException(string message) : Exception(message);

/// <summary>
/// Fills a migrated database with realistic, deterministic demo data: teams, sales reps and
/// managers, accounts, contacts, opportunities in every status and leads (half of them converted:
/// qualified, with the opportunity they became; some disqualified). Opportunities are built by the
/// domain (<see cref="Opportunity.Create"/> applying one <see cref="OpportunityChange"/>), so they obey
/// every rule of spec §3, and then written with batched raw inserts (<see cref="BulkInsert"/>),
/// which is what makes 100k rows take seconds. Those inserts bypass the audit interceptor on
/// purpose: demo accounts, contacts and opportunities have no change history.
/// </summary>
public sealed class DemoDataSeeder(
    AppDbContext db,
    UserManager<AppUser> userManager,
    ConfigurationWriter configurationWriter,
    ConfigurationCache configurationCache,
    TimeProvider time)
{
    private const int OpportunitiesPerAccount = 20;
    private const int ContactsPerAccount = 2;

    // Rates against USD; the seeder adds the missing ones, re-expressed against the configured base.
    private static readonly (string Code, decimal UsdPerUnit, int Weight)[] Currencies =
    [
        ("USD", 1m, 70),
        ("EUR", 1.08m, 15),
        ("GBP", 1.27m, 10),
        ("CHF", 1.13m, 5),
    ];

    private static readonly (string Name, string Description)[] TeamNames =
    [
        ("North America", "Sales team for the United States and Canada."),
        ("EMEA", "Sales team for Europe, the Middle East and Africa."),
        ("APAC", "Sales team for Asia and the Pacific."),
        ("Latin America", "Sales team for Central and South America."),
    ];

    public async Task<DemoDataResult> SeedAsync(DemoDataOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Opportunities < 1)
        {
            throw new DemoDataException("--opportunities must be at least 1.");
        }

        var clock = Stopwatch.StartNew();
        var existing = await db.Opportunities.CountAsync(cancellationToken);
        if (existing > 0 && !options.Append)
        {
            throw new DemoDataException(
                $"The database already holds {existing:N0} opportunities; nothing was changed. " +
                "Add --append to add the demo data beside them, or point Database:DataDirectory (or the connection string) at an empty database.");
        }

        var random = new Random(options.Seed);
        var now = time.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);

        var addedCurrencies = await EnsureCurrenciesAsync(now, cancellationToken);
        var configuration = await configurationCache.GetAsync(db, cancellationToken);
        var rates = new SnapshotRates(configuration);
        var (teams, users) = await EnsureUsersAsync(options.EffectivePassword, random, cancellationToken);
        progress?.Invoke($"Teams: {teams.Count}, users: {users.Count} ({users.Count(u => u.Created)} new), currencies added: {(addedCurrencies.Count == 0 ? "none" : string.Join(", ", addedCurrencies))}");

        var owners = await OwnersAsync(users, cancellationToken);
        var accountCount = Math.Max(1, options.Opportunities / OpportunitiesPerAccount);
        var plan = new Generator(random, now, configuration, rates, owners);

        var strategy = db.Database.CreateExecutionStrategy();
        var counts = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using var cache = await BulkLoadCache.EnlargeAsync(db, cancellationToken);
            var step = Stopwatch.StartNew();
            var firstAccountId = await db.MaxKeyAsync<Account>(cancellationToken) + 1;
            var accounts = plan.Accounts(accountCount, firstAccountId);
            var accountIds = accounts.ToDictionary<DemoAccount, Account, int>(a => a.Account, a => a.Id, ReferenceEqualityComparer.Instance);
            await db.InsertAsync(accounts.Select(a => a.Account), a => accountIds[a], cancellationToken);
            progress?.Invoke($"Accounts: {accounts.Count:N0} in {step.Elapsed.TotalSeconds:F1} s");

            step.Restart();
            var firstContactId = await db.MaxKeyAsync<Contact>(cancellationToken) + 1;
            var contacts = plan.Contacts(accounts, firstContactId);
            var contactIds = contacts.ToDictionary<DemoContact, Contact, int>(c => c.Contact, c => c.Id, ReferenceEqualityComparer.Instance);
            await db.InsertAsync(contacts.Select(c => c.Contact), c => contactIds[c], cancellationToken);
            progress?.Invoke($"Contacts: {contacts.Count:N0} in {step.Elapsed.TotalSeconds:F1} s");

            step.Restart();
            var firstLeadId = await db.MaxKeyAsync<Lead>(cancellationToken) + 1;
            var leads = plan.Leads(options.EffectiveLeads, options.Opportunities, accounts, contacts, firstLeadId);
            var leadIds = leads.ToDictionary<DemoLead, Lead, int>(l => l.Lead, l => l.Id, ReferenceEqualityComparer.Instance);
            await db.InsertAsync(leads.Select(l => l.Lead), l => leadIds[l], cancellationToken);
            progress?.Invoke($"Leads: {leads.Count:N0} ({leads.Count(l => l.Converted):N0} converted) in {step.Elapsed.TotalSeconds:F1} s");

            step.Restart();
            var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
            var opportunities = plan.Opportunities(options.Opportunities, accounts, contacts, byStatus, [.. leads.Where(l => l.Converted)]);
            var written = await db.InsertAsync(opportunities, cancellationToken: cancellationToken);
            var opportunitiesElapsed = step.Elapsed;
            progress?.Invoke($"Opportunities: {written:N0} in {opportunitiesElapsed.TotalSeconds:F1} s ({written / Math.Max(0.001, opportunitiesElapsed.TotalSeconds):N0} rows/s)");

            await transaction.CommitAsync(cancellationToken);
            var leadsByStatus = leads.GroupBy(l => l.Lead.StatusCode).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return (Accounts: accounts.Count, Contacts: contacts.Count, Opportunities: written, ByStatus: byStatus, OpportunitiesElapsed: opportunitiesElapsed, Leads: leads.Count, LeadsByStatus: leadsByStatus);
        });

        // Cached totals were computed without these rows.
        await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);

        // Fresh statistics, so that the query planner knows the new row counts and value spreads. On
        // PostgreSQL also the visibility map, which autovacuum would set a little later: until then an
        // index-only scan (a deep page's OFFSET) still reads every row it skips from the table.
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)", cancellationToken);
        }
        else if (!db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }

        return new DemoDataResult(
            users, addedCurrencies, teams.Count, counts.Accounts, counts.Contacts, counts.Opportunities,
            counts.ByStatus, counts.OpportunitiesElapsed, clock.Elapsed, counts.Leads, counts.LeadsByStatus);
    }

    /// <summary>
    /// Adds EUR, GBP and CHF with rates when they are missing, through the tables System
    /// Configuration → Currency uses, and bumps the configuration revision so caches reload.
    /// </summary>
    private async Task<List<string>> EnsureCurrenciesAsync(DateTime now, CancellationToken cancellationToken)
    {
        var snapshot = await configurationCache.GetAsync(db, cancellationToken);
        var baseCurrency = snapshot.BaseCurrency;
        var baseUsdRate = Currencies.FirstOrDefault(c => c.Code == baseCurrency).UsdPerUnit;
        if (baseUsdRate == 0m)
        {
            // A base currency the demo knows no rate for: the demo uses the base currency only.
            return [];
        }

        var allowed = await db.AllowedCurrencies.ToListAsync(cancellationToken);
        var added = new List<string>();
        var sortOrder = allowed.Count == 0 ? 0 : allowed.Max(c => c.SortOrder);
        foreach (var (code, usdPerUnit, _) in Currencies)
        {
            if (code == baseCurrency || allowed.Any(c => c.Code == code))
            {
                continue;
            }

            sortOrder += 10;
            db.AllowedCurrencies.Add(new AllowedCurrency(code, sortOrder));
            db.CurrencyRates.Add(new CurrencyRate(code, baseCurrency, ExchangeRate.Round(usdPerUnit / baseUsdRate), now, null));
            added.Add(code);
        }

        if (added.Count > 0)
        {
            await configurationWriter.SaveAsync(cancellationToken: cancellationToken);
        }

        return added;
    }

    private async Task<(List<Team> Teams, List<DemoUser> Users)> EnsureUsersAsync(string password, Random random, CancellationToken cancellationToken)
    {
        var teams = new List<Team>();
        foreach (var (name, description) in TeamNames)
        {
            var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
            if (team is null)
            {
                team = new Team(name, description);
                db.Teams.Add(team);
            }

            teams.Add(team);
        }

        await db.SaveChangesAsync(cancellationToken);

        // 3 managers (one for each of the first three teams) and 20 reps, 5 a team.
        var people = new List<(string Role, Team Team)>();
        people.AddRange(teams.Take(3).Select(t => (SystemRoles.SalesManager, t)));
        people.AddRange(Enumerable.Range(0, 20).Select(i => (SystemRoles.SalesRep, teams[i % teams.Count])));

        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<DemoUser>();
        string? passwordHash = null;
        foreach (var (role, team) in people)
        {
            string first, last, userName;
            do
            {
                first = DemoNames.Pick(random, DemoNames.FirstNames);
                last = DemoNames.Pick(random, DemoNames.LastNames);
                userName = DemoNames.MailName(first, last);
            }
            while (!names.Add(userName));

            if (await userManager.FindByNameAsync(userName) is not null)
            {
                result.Add(new DemoUser(userName, $"{first} {last}", role, team.Name, Created: false));
                continue;
            }

            var user = new AppUser
            {
                UserName = userName,
                Email = userName + "@example.com",
                FirstName = first,
                LastName = last,
                TeamId = team.Id,
                CreatedAt = DateTime.UtcNow,
            };

            // The first user goes through the password rules and the hasher; the others share its
            // hash (the same password), which saves a second of key stretching per user.
            IdentityResult created;
            if (passwordHash is null)
            {
                created = await userManager.CreateAsync(user, password);
                passwordHash = user.PasswordHash;
            }
            else
            {
                user.PasswordHash = passwordHash;
                created = await userManager.CreateAsync(user);
            }

            if (created.Succeeded)
            {
                created = await userManager.AddToRoleAsync(user, role);
            }

            if (!created.Succeeded)
            {
                throw new DemoDataException($"Could not create the demo user {userName}: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            result.Add(new DemoUser(userName, $"{first} {last}", role, team.Name, Created: true));
        }

        return (teams, result);
    }

    private async Task<Owners> OwnersAsync(List<DemoUser> users, CancellationToken cancellationToken)
    {
        var names = users.Select(u => u.UserName).ToList();
        var ids = await db.Users.Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id, cancellationToken);
        return new Owners(
            users.Where(u => u.Role == SystemRoles.SalesRep).Select(u => ids[u.UserName]).ToArray(),
            users.Where(u => u.Role == SystemRoles.SalesManager).Select(u => ids[u.UserName]).ToArray());
    }

    private sealed record Owners(int[] Reps, int[] Managers);

    /// <summary>
    /// SQLite's default page cache (2 MB) cannot hold the nine opportunity indexes while they grow,
    /// so a large load spills and re-reads pages; a bigger cache for this connection, for the
    /// duration of the load, roughly halves the time. The pooled connection gets its default back.
    /// </summary>
    private sealed class BulkLoadCache(AppDbContext db) : IAsyncDisposable
    {
        public static async Task<BulkLoadCache?> EnlargeAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            if (!db.Database.IsSqlite())
            {
                return null;
            }

            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144", cancellationToken);
            return new BulkLoadCache(db);
        }

        public async ValueTask DisposeAsync() => await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000");
    }

    private sealed record DemoAccount(Account Account, int Id, string Domain);

    private sealed record DemoContact(Contact Contact, int Id);

    /// <summary>A demo lead; a converted one names the account and contact its opportunity gets.</summary>
    private sealed record DemoLead(Lead Lead, int Id, bool Converted, int AccountIndex, int? ContactId);

    /// <summary>Builds the rows; one seeded random drives everything, so a seed always gives the same data.</summary>
    private sealed class Generator(Random random, DateTime now, ConfigurationSnapshot configuration, SnapshotRates rates, Owners owners)
    {
        private const int HistoryDays = 730;

        private readonly (StatusRef Status, double Weight)[] statusWeights = StatusWeights(configuration);
        private readonly (string Code, int Weight)[] currencies = Currencies
            .Where(c => rates.RateToBase(c.Code, null) is not null)
            .Select(c => (c.Code, c.Weight))
            .DefaultIfEmpty((configuration.BaseCurrency, 1))
            .ToArray();

        private readonly StatusRef openStatus = configuration.DefaultStatus();

        public List<DemoAccount> Accounts(int count, int firstId)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var accounts = new List<DemoAccount>(count);
            for (var i = 0; i < count; i++)
            {
                var name = DemoNames.Company(random);
                for (var attempt = 0; !names.Add(name); attempt++)
                {
                    // Past the word lists' combinations, a branch number keeps names unique.
                    name = attempt < 5 ? DemoNames.Company(random) : $"{DemoNames.Company(random)} {attempt}";
                }

                var created = PastMoment(HistoryDays + 365);
                var account = new Account(name, Pick(owners.Reps), created);
                accounts.Add(new DemoAccount(account, firstId + i, DemoNames.Domain(name)));
            }

            return accounts;
        }

        public List<DemoContact> Contacts(List<DemoAccount> accounts, int firstId)
        {
            var contacts = new List<DemoContact>(accounts.Count * ContactsPerAccount);
            foreach (var account in accounts)
            {
                for (var i = 0; i < ContactsPerAccount; i++)
                {
                    var first = DemoNames.Pick(random, DemoNames.FirstNames);
                    var last = DemoNames.Pick(random, DemoNames.LastNames);
                    var contact = new Contact(first, last, account.Account.OwnerId, account.Account.CreatedAt) { AccountId = account.Id };
                    contact.ChangeJobTitle(DemoNames.Pick(random, DemoNames.JobTitles));
                    var email = $"{DemoNames.MailName(first, last)}@{account.Domain}";
                    var phone = DemoNames.Phone(random);
                    var secondPhone = random.Next(4) == 0 ? DemoNames.Phone(random) : null;
                    contact.SetContactPoints(EmailList.Of(email), PhoneList.Of(phone, secondPhone == phone ? null : secondPhone), AddressList.Empty);
                    contacts.Add(new DemoContact(contact, firstId + contacts.Count));
                }
            }

            return contacts;
        }

        /// <summary>
        /// Leads: half converted (Qualified, in one of the accounts with one of its contacts — the first
        /// opportunities are theirs), 15 % disqualified, the rest new; each with a person, e-mails, phones,
        /// an address and a source.
        /// </summary>
        public List<DemoLead> Leads(int count, int opportunities, List<DemoAccount> accounts, List<DemoContact> contacts, int firstId)
        {
            var leads = new List<DemoLead>(count);
            var sources = configuration.LeadSources;
            for (var i = 0; i < count; i++)
            {
                var converted = i % 2 == 0 && i / 2 < opportunities;
                var accountIndex = random.Next(accounts.Count);
                var account = accounts[accountIndex];
                var first = DemoNames.Pick(random, DemoNames.FirstNames);
                var last = DemoNames.Pick(random, DemoNames.LastNames);
                var company = converted ? account.Account.Name : DemoNames.Company(random);
                var created = PastMoment(HistoryDays);
                var owner = converted ? account.Account.OwnerId : Pick(owners.Reps);
                // The draws keep the order they always had, so a seed gives the same data as before.
                var dealName = DemoNames.Deal(random, company);
                var personName = new PersonName(random.Next(5) == 0 ? "Dr." : null, first, null, last, null);
                var jobTitle = DemoNames.Pick(random, DemoNames.JobTitles);
                var domain = converted ? account.Domain : DemoNames.Domain(company);
                var (city, postalCode, country) = DemoNames.Pick(random, DemoNames.Places);
                var phone = DemoNames.Phone(random);
                var mobile = random.Next(3) == 0 ? DemoNames.Phone(random) : null;
                var change = new LeadChange
                {
                    Name = dealName,
                    PersonName = personName,
                    JobTitle = jobTitle,
                    Emails = EmailList.Of($"{DemoNames.MailName(first, last)}@{domain}", random.Next(4) == 0 ? $"info@{domain}" : null),
                    Phones = PhoneList.Of(phone, mobile == phone ? null : mobile),
                    Addresses = AddressList.Of([new PostalAddress { Label = "Office", Street = $"{random.Next(1, 200)} {DemoNames.Pick(random, DemoNames.Streets)}", PostalCode = postalCode, City = city, Country = country }]),
                    CompanyName = company,
                    Website = $"https://www.{domain}",
                    NumberOfEmployees = random.Next(5, 5_000),
                    Industry = DemoNames.Industry(random),
                    SourceCode = sources.Count == 0 ? null : DemoNames.Pick(random, sources).Code,
                    Notes = random.Next(4) == 0 ? "Asked for a call back next week." : null,
                };
                int? contactId = null;
                if (converted)
                {
                    contactId = contacts[(accountIndex * ContactsPerAccount) + random.Next(ContactsPerAccount)].Id;
                    change = change with { AccountId = account.Id, ContactId = contactId, Status = LeadStatusChange.Qualify };
                }
                else if (random.NextDouble() < 0.3)
                {
                    change = change with { Status = LeadStatusChange.Disqualify };
                }

                var lead = Lead.Create(change, owner, created);
                leads.Add(new DemoLead(lead, firstId + i, converted, accountIndex, contactId));
            }

            return leads;
        }

        /// <summary>Streams the opportunities, so memory stays flat at a million rows; the first ones are the converted leads'.</summary>
        public IEnumerable<Opportunity> Opportunities(int count, List<DemoAccount> accounts, List<DemoContact> contacts, Dictionary<string, int> byStatus, List<DemoLead> converted)
        {
            // Demo users have no zone of their own: their dates are the system zone's.
            var zone = Common.TimeZones.Resolve(null, configuration.TimeZone);
            Common.UserTime At(DateTime moment) => new(moment, zone);
            var today = At(now).Today;
            for (var i = 0; i < count; i++)
            {
                var fromLead = i < converted.Count ? converted[i] : null;
                var accountIndex = fromLead?.AccountIndex ?? random.Next(accounts.Count);
                var account = accounts[accountIndex];
                var owner = random.NextDouble() < 0.85 ? account.Account.OwnerId : random.NextDouble() < 0.8 ? Pick(owners.Reps) : Pick(owners.Managers);
                var status = PickStatus();
                var created = PastMoment(HistoryDays);
                var budget = Budget();
                int? probability = !status.IsClosed && random.NextDouble() < 0.15
                    ? Math.Clamp((status.DefaultProbability + random.Next(-2, 4) * 5) / 5 * 5, 0, 100)
                    : null;

                var contactId = fromLead is not null ? fromLead.ContactId
                    : random.NextDouble() < 0.85 ? contacts[accountIndex * ContactsPerAccount + random.Next(ContactsPerAccount)].Id : (int?)null;
                var describe = random.NextDouble() < 0.3;
                var opening = new OpportunityChange
                {
                    Name = DemoNames.Deal(random, account.Account.Name),
                    OwnerId = owner,
                    AccountId = account.Id,
                    ContactId = new(contactId),
                    Budget = new(budget),
                    CustomerNeed = describe ? new(DemoNames.Pick(random, DemoNames.CustomerNeeds)) : null,
                    ProposedSolution = describe ? new(DemoNames.Pick(random, DemoNames.ProposedSolutions)) : null,
                    Notes = describe && random.NextDouble() < 0.3 ? new("Decision expected after the next board meeting.") : null,
                    LeadId = fromLead is null ? null : new(fromLead.Id),
                };

                // Demo deals go through the same change operation as every other path, at the moments they happen.
                Opportunity opportunity;
                if (status.IsClosed)
                {
                    var expected = DateOnly.FromDateTime(created).AddDays(random.Next(30, 181));
                    opportunity = Opportunity.Create(opening with { Status = openStatus, CloseDate = new(expected) }, configuration.ChangeContext(At(created)));
                    var closedAt = created.AddMinutes(random.Next(7 * 24 * 60, 120 * 24 * 60));
                    if (closedAt >= now)
                    {
                        closedAt = created.AddTicks((long)((now - created).Ticks * random.NextDouble()));
                    }

                    var reason = status.Kind == StatusKind.Lost
                        ? random.NextDouble() < 0.55 ? CloseReason.OutsoldCode : CloseReason.CancelledCode
                        : null;
                    opportunity.Apply(
                        new OpportunityChange { Status = status, CloseDate = new(DateOnly.FromDateTime(closedAt)), CloseReason = new(reason) },
                        configuration.ChangeContext(At(closedAt)));
                }
                else
                {
                    var closeDate = DateOnly.FromDateTime(created).AddDays(random.Next(30, 181));
                    if (closeDate < today && random.NextDouble() < 0.75)
                    {
                        // Most stale forecasts were moved forward; the rest show up as overdue.
                        closeDate = today.AddDays(random.Next(0, 121));
                    }

                    var forecast = random.NextDouble() < 0.95 ? closeDate : (DateOnly?)null;

                    // A deal in a later stage was created in the first one and moved on within the last 120 days
                    // (its days in the current status, StageEnteredAt, come from that move).
                    var staged = status.Id != openStatus.Id;
                    var start = staged ? opening with { Status = openStatus } : opening with { Status = status, Probability = new(probability) };
                    if (random.NextDouble() < 0.6)
                    {
                        // Created without a forecast, which was entered later.
                        opportunity = Opportunity.Create(start, configuration.ChangeContext(At(created)));
                        opportunity.Apply(new OpportunityChange { CloseDate = new(forecast ?? today) }, configuration.ChangeContext(At(created.AddTicks((long)((now - created).Ticks * random.NextDouble())))));
                    }
                    else
                    {
                        opportunity = Opportunity.Create(start with { CloseDate = new(forecast) }, configuration.ChangeContext(At(created)));
                    }

                    if (staged)
                    {
                        var inStage = TimeSpan.FromTicks((long)(Math.Min((now - created).Ticks, TimeSpan.FromDays(120).Ticks) * random.NextDouble()));
                        opportunity.Apply(new OpportunityChange { Status = status, Probability = new(probability) }, configuration.ChangeContext(At(now - inStage)));
                    }
                }

                opportunity.ClearDomainEvents();

                byStatus[status.Code] = byStatus.GetValueOrDefault(status.Code) + 1;
                yield return opportunity;
            }
        }

        /// <summary>Won 20 %, lost 15 %, the open 65 % spread as a funnel over the open statuses in their order.</summary>
        private static (StatusRef, double)[] StatusWeights(ConfigurationSnapshot configuration)
        {
            var open = configuration.Statuses.Where(s => !s.IsClosed).ToList();
            var won = configuration.Statuses.Where(s => s.Kind == StatusKind.Won).ToList();
            var lost = configuration.Statuses.Where(s => s.Kind == StatusKind.Lost).ToList();
            var funnel = open.Select((s, i) => (double)(open.Count - i)).ToList();
            var funnelTotal = funnel.Sum();
            return open.Select((s, i) => (s.ToRef(), 65.0 * funnel[i] / funnelTotal))
                .Concat(won.Select(s => (s.ToRef(), 20.0 / won.Count)))
                .Concat(lost.Select(s => (s.ToRef(), 15.0 / lost.Count)))
                .ToArray();
        }

        private StatusRef PickStatus()
        {
            var total = statusWeights.Sum(s => s.Weight);
            var roll = random.NextDouble() * total;
            foreach (var (status, weight) in statusWeights)
            {
                roll -= weight;
                if (roll < 0)
                {
                    return status;
                }
            }

            return statusWeights[^1].Status;
        }

        /// <summary>1k–500k, log-uniform (many small deals, few large ones), in whole hundreds.</summary>
        private Money Budget()
        {
            var amount = Math.Exp(Math.Log(1_000) + (random.NextDouble() * (Math.Log(500_000) - Math.Log(1_000))));
            var rounded = Math.Clamp(Math.Round((decimal)amount / 100m) * 100m, 1_000m, 500_000m);
            var total = currencies.Sum(c => c.Weight);
            var roll = random.Next(total);
            var code = currencies[^1].Code;
            foreach (var (candidate, weight) in currencies)
            {
                if ((roll -= weight) < 0)
                {
                    code = candidate;
                    break;
                }
            }

            return new Money(rounded, new CurrencyCode(code));
        }

        /// <summary>A moment within the last <paramref name="days"/> days, more of them recent (a growing business).</summary>
        private DateTime PastMoment(int days)
        {
            var ago = Math.Pow(random.NextDouble(), 1.3) * days * 24 * 60 * 60;
            return now.AddSeconds(-Math.Round(ago));
        }

        private int Pick(int[] ids) => ids[random.Next(ids.Length)];
    }
}
