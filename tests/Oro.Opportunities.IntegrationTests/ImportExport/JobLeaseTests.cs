using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Jobs;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.ImportExport;

/// <summary>
/// Issue 14: an import survives the loss of its node. The job row carries a lease (holder and expiry);
/// a node that no longer holds it writes nothing more, a lost node's job is taken over by another node's
/// watchdog and resumed after its last committed chunk with every row exactly once, a node that shuts
/// down hands its job back at once, and the upload lives in the database, not on a node's disk.
/// </summary>
public abstract class JobLeaseTests(AppFixture fixture)
{
    private static readonly ImportOptions ThreeRowChunks = new() { ChunkSize = 3 };

    private async Task<(OroAppFactory Factory, HttpClient Client)> AdminAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return (factory, client);
    }

    private static Task<List<string>> NamesAsync(OroAppFactory factory, string prefix) =>
        factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name.StartsWith(prefix)).OrderBy(o => o.Id).Select(o => o.Name).ToListAsync());

    /// <summary>Makes the job's lease what a node leaves behind: held by <paramref name="node"/> until <paramref name="until"/>.</summary>
    private static Task SetLeaseAsync(OroAppFactory factory, int jobId, string node, DateTime until) =>
        factory.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, node).SetProperty(j => j.LeaseExpiresAt, until)));

    /// <summary>One round of a node's watchdog: claims what it may take over and runs it to the end.</summary>
    internal static async Task<List<int>> WatchdogRoundAsync(OroAppFactory factory)
    {
        var takeover = factory.Services.GetRequiredService<JobTakeover>();
        var claimed = await takeover.ClaimAsync(10, CancellationToken.None);
        foreach (var job in claimed)
        {
            await takeover.RunAsync(job, CancellationToken.None);
        }

        return [.. claimed.Select(j => j.Lease.JobId)];
    }

    [Fact]
    public async Task A_node_that_lost_its_lease_writes_nothing_more_and_the_node_that_took_over_finishes_with_every_row_once()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Fenced");
        var id = JobIdFrom(await client.UploadAsync(Csv([.. Enumerable.Range(1, 7).Select(i => Row($"{p} {i}", $"{p} account"))])));

        // After chunk 1, node B takes the job over (as it would after A's lease ran out); A's next chunk is refused.
        await factory.RunJobAsync(id, ThreeRowChunks, new BetweenChunks(1, () => SetLeaseAsync(factory, id, "node-b", DateTime.UtcNow.AddMinutes(5))));

        var stopped = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Running, 4, 3, "node-b"), (stopped.State, stopped.LastCommittedRow, stopped.RowsCreated, stopped.LeaseOwner));
        Assert.Equal(3, (await NamesAsync(factory, p)).Count);
        Assert.Null(stopped.ErrorMessage);

        // While B holds a live lease, no watchdog takes the job; once B is lost, one does and finishes it.
        Assert.DoesNotContain(id, await WatchdogRoundAsync(factory));
        await SetLeaseAsync(factory, id, "node-b", DateTime.UtcNow.AddSeconds(-1));
        Assert.Contains(id, await WatchdogRoundAsync(factory));

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 7, 7, 0), (job.State, job.RowsRead, job.RowsCreated, job.RowsFailed));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"{p} {i}").ToArray(), (await NamesAsync(factory, p)).ToArray());
        Assert.Null(job.LeaseOwner);
        Assert.Contains("node node-b lost (no heartbeat since", job.History, StringComparison.Ordinal);
        Assert.Contains("resumed at row 5 on node", job.History, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_nodes_import_is_resumed_by_another_node_from_its_last_committed_chunk_and_the_page_says_so()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Lost");
        var id = JobIdFrom(await client.UploadAsync(Csv([.. Enumerable.Range(1, 8).Select(i => Row($"{p} {i}", $"{p} account {i % 2}"))])));

        // Node A commits two chunks and dies (kill -9): its lease stays on the row and runs out; nothing else changes.
        await factory.RunJobAsync(id, ThreeRowChunks, new BetweenChunks(2, () => SetLeaseAsync(factory, id, "node-a", DateTime.UtcNow.AddSeconds(-1))));
        var lost = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Running, 7, "node-a"), (lost.State, lost.LastCommittedRow, lost.LeaseOwner));

        Assert.Contains(id, await WatchdogRoundAsync(factory));

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 8, 8), (job.State, job.RowsRead, job.RowsCreated));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"{p} {i}").ToArray(), (await NamesAsync(factory, p)).ToArray());
        Assert.Equal(2, await factory.WithDbAsync(db => db.Accounts.CountAsync(a => a.Name.StartsWith(p))));
        var page = await client.GetStringAsync($"/opportunities/import/{id}");
        Assert.Contains("data-testid=\"job-history\"", page, StringComparison.Ordinal);
        Assert.Contains("node node-a lost (no heartbeat since", page, StringComparison.Ordinal);
        Assert.Contains("resumed at row 8 on node", page, StringComparison.Ordinal);

        // The upload went with the job.
        Assert.False(await factory.WithDbAsync(db => db.FileChunks.AnyAsync(c => c.FileId == job.UploadId)));
    }

    [Fact]
    public async Task A_node_shutting_down_hands_its_job_back_at_once_and_another_node_resumes_it_without_waiting_for_the_lease()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Handback");
        var id = JobIdFrom(await client.UploadAsync(Csv([.. Enumerable.Range(1, 7).Select(i => Row($"{p} {i}", $"{p} account"))])));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            factory.RunJobAsync(id, ThreeRowChunks, new FailingChunk(2, () => new OperationCanceledException("host stopping"))));

        var handedBack = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Running, 4, null, null), (handedBack.State, handedBack.LastCommittedRow, handedBack.LeaseOwner, handedBack.LeaseExpiresAt));
        Assert.Contains("shut down after row 4 and handed the job back", handedBack.History, StringComparison.Ordinal);

        Assert.Contains(id, await WatchdogRoundAsync(factory));

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 7, 7), (job.State, job.RowsRead, job.RowsCreated));
        Assert.Equal(7, (await NamesAsync(factory, p)).Distinct().Count());
        Assert.Contains("handed back; resumed at row 5 on node", job.History, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upload_is_kept_in_the_database_in_1_MB_chunks_read_back_across_their_boundaries_and_removed_at_the_end()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Chunked");

        // About 2.6 MB: notes of 2-byte characters so that some straddle a chunk boundary.
        var notes = Enumerable.Range(1, 260).Select(i => $"{i} " + string.Concat(Enumerable.Repeat("é-ü ", 1_700)) + "end").ToList();
        var bytes = Encoding.UTF8.GetBytes(Csv([.. notes.Select((n, i) => Row($"{p} {i + 1}", $"{p} account", notes: n))]));
        Assert.InRange(bytes.Length, 2 * 1024 * 1024 + 1, 3 * 1024 * 1024);
        var id = JobIdFrom(await client.UploadAsync(bytes));

        var queued = await factory.JobAsync(id);
        var chunks = await factory.WithDbAsync(db => db.FileChunks.AsNoTracking().Where(c => c.FileId == queued.UploadId).OrderBy(c => c.Sequence).ToListAsync());
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Sequence));
        Assert.Equal(1024 * 1024, chunks[0].Data.Length);
        Assert.Equal(bytes, chunks.SelectMany(c => c.Data).ToArray());
        Assert.Equal(bytes.Length, queued.FileSize);
        Assert.False(Directory.Exists(Path.Combine(factory.DataFolder, "imports")));

        await factory.RunJobAsync(id, new ImportOptions { ChunkSize = 100 });

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 260, 0), (job.State, job.RowsCreated, job.RowsFailed));
        var stored = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name.StartsWith(p)).OrderBy(o => o.Id).Select(o => o.Notes ?? string.Empty).ToListAsync());
        Assert.Equal(notes, stored);
        Assert.False(await factory.WithDbAsync(db => db.FileChunks.AnyAsync(c => c.FileId == queued.UploadId)));
    }

    [Fact]
    public async Task A_queued_job_whose_start_was_lost_is_started_by_a_watchdog_after_the_grace_period_only()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Unstarted");
        var id = JobIdFrom(await client.UploadAsync(Csv(Row($"{p} 1", $"{p} account"))));

        Assert.DoesNotContain(id, await WatchdogRoundAsync(factory));
        await factory.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CreatedAt, DateTime.UtcNow.AddMinutes(-5))));
        Assert.Contains(id, await WatchdogRoundAsync(factory));

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 1), (job.State, job.RowsCreated));
        Assert.Contains("not started by the node it was queued on", job.History, StringComparison.Ordinal);
    }
}

public sealed class SqliteJobLeaseTests(SqliteAppFixture fixture) : JobLeaseTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresJobLeaseTests(PostgresAppFixture fixture) : JobLeaseTests(fixture), IClassFixture<PostgresAppFixture>;
