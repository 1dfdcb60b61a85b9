using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Oro.Opportunities.Data;

/// <summary>
/// Write transactions for short interactive changes (a card move, an inline edit, a form save).
/// SQLite has one writer at a time; a writer that finds the lock taken sleeps in growing steps (its
/// busy handler) and may wake long after the lock came free, so under concurrent writers the waits,
/// not the work, make the latency. In one process the writers queue instead on an in-process gate,
/// first come first served, and each starts the moment the previous one commits. Other processes on
/// the same file still meet the busy handler. The server databases queue on their own row locks.
/// </summary>
public static class WriteTransactions
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (!database.IsSqlite())
        {
            return await database.BeginTransactionAsync(cancellationToken);
        }

        var gate = Gates.GetOrAdd(database.GetConnectionString() ?? string.Empty, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return new GatedTransaction(await database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>The transaction, releasing the gate once it is disposed (committed or not).</summary>
    private sealed class GatedTransaction(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction, IInfrastructure<System.Data.Common.DbTransaction>
    {
        private int released;

        public Guid TransactionId => inner.TransactionId;

        public System.Data.Common.DbTransaction Instance => inner.GetDbTransaction();

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
