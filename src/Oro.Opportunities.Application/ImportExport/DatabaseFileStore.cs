using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data.Storage;
using Oro.Opportunities.Domain.ImportExport;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// Keeps uploaded files in the database in 1 MB chunks (<see cref="FileChunk"/>), so that the node
/// that runs an import need not be the one that received its file (ADR-0017). A file is written and
/// read as a stream: never more than one chunk in memory.
/// </summary>
public sealed class DatabaseFileStore(JobDbContextFactory contexts, TimeProvider clock)
{
    /// <summary>Copies the stream into new chunks; a failure removes what was written.</summary>
    public async Task<(Guid Id, long Size)> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var buffer = new byte[FileChunk.MaxBytes];
        long size = 0;
        var sequence = 0;
        try
        {
            await using var db = contexts.Create(0);
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
                {
                    filled += read;
                }

                if (filled == 0 && sequence > 0)
                {
                    break;
                }

                db.FileChunks.Add(new FileChunk(id, sequence++, buffer[..filled], clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                size += filled;
                if (filled < buffer.Length)
                {
                    break;
                }
            }
        }
        catch
        {
            await DeleteAsync(id, CancellationToken.None);
            throw;
        }

        return (id, size);
    }

    /// <summary>The file as a forward-only stream that fetches one chunk at a time.</summary>
    public Stream OpenRead(Guid id) => new ChunkStream(contexts, id);

    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create(0);
        return await db.FileChunks.AnyAsync(c => c.FileId == id, cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (id == Guid.Empty)
        {
            return;
        }

        await using var db = contexts.Create(0);
        await db.FileChunks.Where(c => c.FileId == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Removes files older than <paramref name="age"/> that no unfinished import refers to: uploads a
    /// lost node left half-written, and files of jobs whose node died between finishing and deleting.
    /// </summary>
    public async Task<int> DeleteOrphansAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - age;
        await using var db = contexts.Create(0);
        return await db.FileChunks
            .Where(c => c.CreatedAt < before
                && !db.ImportJobs.Any(j => j.UploadId == c.FileId && (j.State == ImportJobState.Queued || j.State == ImportJobState.Running || j.State == ImportJobState.AwaitingConfirmation)))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class ChunkStream(JobDbContextFactory contexts, Guid id) : Stream
    {
        private byte[] chunk = [];
        private int offset;
        private int next;
        private bool end;
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (!end && this.offset >= chunk.Length)
            {
                using var db = contexts.Create(0);
                Next(db.FileChunks.AsNoTracking().Where(c => c.FileId == id && c.Sequence == next).Select(c => c.Data).FirstOrDefault());
            }

            return Copy(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!end && offset >= chunk.Length)
            {
                await using var db = contexts.Create(0);
                Next(await db.FileChunks.AsNoTracking().Where(c => c.FileId == id && c.Sequence == next).Select(c => c.Data).FirstOrDefaultAsync(cancellationToken));
            }

            return Copy(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void Next(byte[]? data)
        {
            if (data is null)
            {
                if (next == 0)
                {
                    throw new FileNotFoundException("The uploaded file is no longer stored.");
                }

                end = true;
                return;
            }

            chunk = data;
            offset = 0;
            next++;
        }

        private int Copy(Span<byte> buffer)
        {
            if (end && offset >= chunk.Length)
            {
                return 0;
            }

            var count = Math.Min(buffer.Length, chunk.Length - offset);
            chunk.AsSpan(offset, count).CopyTo(buffer);
            offset += count;
            position += count;
            return count;
        }
    }
}
