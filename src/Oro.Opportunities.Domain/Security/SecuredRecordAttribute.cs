namespace Oro.Opportunities.Domain.Security;

/// <summary>
/// Declares the row of the role matrix that governs a record type (spec §11) and the noun messages
/// use for it ("You do not have permission to edit this lead."). Row-level access reads it, so a new
/// kind of record is secured by this one line on its class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SecuredRecordAttribute(SecuredEntity entity, string noun) : Attribute
{
    public SecuredEntity Entity { get; } = entity;

    public string Noun { get; } = noun;

    /// <summary>The declaration of <typeparamref name="T"/>; a type without one cannot be read through row-level access.</summary>
    public static SecuredRecordAttribute Of<T>() => Cache<T>.Value;

    private static class Cache<T>
    {
        public static readonly SecuredRecordAttribute Value =
            (SecuredRecordAttribute?)GetCustomAttribute(typeof(T), typeof(SecuredRecordAttribute))
            ?? throw new NotSupportedException($"{typeof(T).Name} declares no [SecuredRecord]: it has no access rules.");
    }
}
