namespace Oro.Opportunities.Data.Storage;

/// <summary>
/// One piece (up to <see cref="MaxBytes"/>) of a file kept in the database: an import's upload, so
/// that whichever node runs the job can read it (ADR-0017). A file is the chunks of one
/// <see cref="FileId"/> in <see cref="Sequence"/> order.
/// </summary>
public sealed class FileChunk
{
    public const int MaxBytes = 1024 * 1024;

    public FileChunk(Guid fileId, int sequence, byte[] data, DateTime createdAt)
    {
        FileId = fileId;
        Sequence = sequence;
        Data = data;
        CreatedAt = createdAt;
    }

    public Guid FileId { get; private set; }

    public int Sequence { get; private set; }

    public byte[] Data { get; private set; }

    /// <summary>When the chunk was written: chunks of an upload no job refers to are removed after a while.</summary>
    public DateTime CreatedAt { get; private set; }
}
