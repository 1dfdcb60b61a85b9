using System.Text;

namespace Oro.Opportunities.UnitTests.Workflows;

/// <summary>
/// The corpus of hostile workflow definitions (issue 21): read by the reader's unit tests and uploaded
/// over HTTP by the integration tests (the file is linked there), each with the answer it must get.
/// </summary>
public static class HostileDefinitions
{
    public const string Valid = """
        name: tiny
        label: Tiny
        entity: opportunity
        steps:
          - { name: a, label: A, order: 10 }
          - { name: b, label: B, order: 20, final: true }
        transitions:
          - { name: go, label: Go, from: [a], to: b }
        """;

    /// <summary>Each hostile document, by name: its bytes, the line the error names (null: none) and words of the message.</summary>
    public static Dictionary<string, (byte[] Bytes, int? Line, string Message)> Documents()
    {
        var documents = new Dictionary<string, (byte[], int?, string)>
        {
            ["self alias (43 bytes)"] = (Utf8("name: x\nlabel: y\nsteps: &s [*s]\n"), 3, "refers to the node that contains it"),
            ["self alias in a map"] = (Utf8("name: x\nsteps: &s\n  - name: a\n    next: *s\n"), 4, "contains it"),
            ["alias to nothing"] = (Utf8("name: x\nsteps: [*nope]\n"), 2, "no anchor defined before"),
            ["billion laughs (10^9)"] = (Utf8(Bomb(9, 10)), 6, "more than 50,000 values"),
            ["bomb of 10^7 in 498 bytes"] = (Utf8(Bomb(7, 10)), 6, "more than 50,000 values"),
            ["60,000 aliases"] = (Utf8("a: &a x\nb: [" + string.Join(",", Enumerable.Repeat("*a", 60_000)) + "]\n"), 2, "more than 200 aliases"),
            ["flow nesting 100,000 deep"] = (Utf8(new string('[', 100_000) + new string(']', 100_000)), 1, "nested deeper than 20 levels"),
            ["flow nesting 30,000 deep (60 kB)"] = (Utf8("steps: " + new string('[', 30_000) + new string(']', 30_000)), 1, "nested deeper than 20 levels"),
            ["block nesting 100 deep"] = (Utf8(string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + "a:\n"))), 21, "nested deeper than 20 levels"),
            ["nesting 65 deep (JSON)"] = (Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65)), 1, "nested deeper"),
            ["a list as a key"] = (Utf8("name: x\n? [a, b]\n: c\n"), 2, "key must be plain text"),
            ["a map as a key"] = (Utf8("name: x\n{a: 1}: c\n"), 2, "key must be plain text"),
            ["an alias as a key"] = (Utf8("name: &n x\n*n : y\n"), 2, "key must be plain text"),
            ["duplicate keys"] = (Utf8("name: a\nlabel: b\nname: c\n"), 3, "Duplicate key 'name'"),
            ["duplicate keys deep inside"] = (Utf8(Valid.Replace("label: A,", "label: A, label: B,", StringComparison.Ordinal)), 5, "Duplicate key 'label'"),
            ["invalid UTF-8"] = ([.. Utf8("name: tiny\nlabel: "), 0xC3, 0x28, .. Utf8("\n")], 2, "not valid UTF-8"),
            ["overlong UTF-8"] = ([.. Utf8("name: "), 0xC0, 0xAF, .. Utf8("\n")], 1, "not valid UTF-8"),
            ["UTF-16 with its byte order mark"] = ([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Valid)], 1, "save it as UTF-8"),
            ["10 MB"] = (Utf8("name: x\nlabel: \"" + new string('y', 10 * 1024 * 1024) + "\"\n"), null, "larger than 256 KB"),
            ["two documents"] = (Utf8(Valid + "\n---\n" + Valid), 9, "more than one document"),
            ["empty"] = ([], null, "empty"),
            ["only a byte order mark"] = ([0xEF, 0xBB, 0xBF], null, "empty"),
        };
        return documents;
    }

    /// <summary>The classic alias bomb: each level lists the one before <paramref name="width"/> times.</summary>
    private static string Bomb(int levels, int width)
    {
        var text = new StringBuilder("l0: &l0 [\"lol\"]\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append(FormattableString.Invariant($"l{level}: &l{level} [")).Append(string.Join(",", Enumerable.Repeat($"*l{level - 1}", width))).Append("]\n");
        }

        return text.ToString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
