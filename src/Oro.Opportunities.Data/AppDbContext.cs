using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Organization;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Data;

/// <summary>
/// The one EF Core context. Use cases work on it directly (no repository layer, see ADR-0002);
/// each entity's mapping lives in its own configuration class under Configurations/.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, AppRole, int, IdentityUserClaim<int>, IdentityUserRole<int>, IdentityUserLogin<int>,
        IdentityRoleClaim<int>, IdentityUserToken<int>>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// Whether <see cref="Data.DataRevisions.CurrentAsync"/> may answer from the revisions it read
    /// earlier in this context's life: set for each web request (one read serves every cache the request
    /// consults), left off for long-lived scopes such as background jobs. Any save in this context forgets them.
    /// </summary>
    public bool MemoizeRevisions { get; set; }

    internal IReadOnlyDictionary<string, long>? RevisionMemo { get; set; }

    /// <summary>What this context's bumps produced, per revision name (<see cref="Data.DataRevisions.Bumped"/>).</summary>
    internal Dictionary<string, long> LastBumped { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// While set, saves note the revisions they would bump instead of bumping them; the caller bumps them
    /// with <see cref="Data.DataRevisions.BumpPendingAsync"/> as late as it can in its transaction, so the
    /// revision's row lock, which every writer of the same records queues on, is held as briefly as possible.
    /// </summary>
    public bool DeferRevisionBumps { get; set; }

    internal SortedSet<string> PendingBumps { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A card move to be written by the next bump of the opportunities revision, in the same statement
    /// (<see cref="Data.DataRevisions.WithBump"/>); <see cref="BoardMoveStoredAt"/> is the revision it was stored under.
    /// </summary>
    internal Domain.Opportunities.BoardMove? BoardMoveWithBump { get; set; }

    internal long? BoardMoveStoredAt { get; set; }

    /// <summary>Data-protection keys live in the database so that every app instance can read every cookie.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();

    public DbSet<RoleCapability> RoleCapabilities => Set<RoleCapability>();

    public DbSet<SystemSetting> Settings => Set<SystemSetting>();

    public DbSet<ConfigurationRevision> ConfigurationRevisions => Set<ConfigurationRevision>();

    public DbSet<OpportunityStatus> OpportunityStatuses => Set<OpportunityStatus>();

    public DbSet<CloseReason> CloseReasons => Set<CloseReason>();

    public DbSet<AllowedCurrency> AllowedCurrencies => Set<AllowedCurrency>();

    public DbSet<CurrencyRate> CurrencyRates => Set<CurrencyRate>();

    public DbSet<Opportunity> Opportunities => Set<Opportunity>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<SavedGridView> SavedGridViews => Set<SavedGridView>();

    public DbSet<DataRevision> DataRevisions => Set<DataRevision>();

    public DbSet<BoardMove> BoardMoves => Set<BoardMove>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportJobError> ImportJobErrors => Set<ImportJobError>();

    /// <summary>Uploaded files in 1 MB pieces, readable from every node (ADR-0017).</summary>
    public DbSet<Storage.FileChunk> FileChunks => Set<Storage.FileChunk>();

    public DbSet<BaseCurrencyChangeJob> BaseCurrencyChangeJobs => Set<BaseCurrencyChangeJob>();

    public DbSet<WorkflowDefinitionRecord> WorkflowDefinitions => Set<WorkflowDefinitionRecord>();

    public DbSet<WorkflowItem> WorkflowItems => Set<WorkflowItem>();

    public DbSet<WorkflowTransitionLog> WorkflowTransitionLogs => Set<WorkflowTransitionLog>();

    public DbSet<WorkflowTransitionGrant> WorkflowTransitionGrants => Set<WorkflowTransitionGrant>();

    public DbSet<ImportJobFailedRow> ImportJobFailedRows => Set<ImportJobFailedRow>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsSqlite())
        {
            MoneyColumns.ApplySqliteConversion(builder);
        }

        OpenDealIndexes(builder);
    }

    /// <summary>
    /// Partial indexes over open deals only (most grid and board queries ask for them). An index
    /// that starts with ClosedAt misleads SQLite's planner, which believes few rows share a NULL.
    /// The filter's quoting depends on the provider, hence here rather than in the configuration.
    /// </summary>
    private void OpenDealIndexes(ModelBuilder builder)
    {
        var open = Database.IsSqlServer() ? "[ClosedAt] IS NULL" : "\"ClosedAt\" IS NULL";

        // Lists and board columns are ordered newest first with the id as tie-breaker. A SQLite index
        // holds the row id already; the server databases need it as a column, or every skipped row of
        // a deep page and every tie is a lookup in the table (PostgreSQL: 32 ms → 5 ms for page 2,000).
        string[] ByCreation(params string[] leading) =>
            Database.IsSqlite() ? [.. leading, nameof(Opportunity.CreatedAt)] : [.. leading, nameof(Opportunity.CreatedAt), nameof(Opportunity.Id)];

        builder.Entity<Opportunity>(entity =>
        {
            entity.HasIndex(ByCreation(), "IX_Opportunities_CreatedAt");
            entity.HasIndex(ByCreation(nameof(Opportunity.StatusId)), "IX_Opportunities_StatusId_CreatedAt");
            entity.HasIndex(ByCreation(nameof(Opportunity.OwnerId)), "IX_Opportunities_OwnerId_CreatedAt");
            entity.HasIndex(ByCreation(), "IX_Opportunities_Open_CreatedAt").HasFilter(open);
            entity.HasIndex(ByCreation(nameof(Opportunity.OwnerId)), "IX_Opportunities_Open_OwnerId_CreatedAt").HasFilter(open);
            entity.HasIndex(o => new { o.Probability, o.BaseBudgetAmount }, "IX_Opportunities_Open_Probability_BaseBudget").HasFilter(open);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and stable when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);

        // Every DateTime is UTC (ADR-0003); reading it back marks it as such on every provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
