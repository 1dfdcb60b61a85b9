using System.Net;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>
/// The fields a browser would submit for a form on a page: hidden inputs (the antiforgery token
/// included), text values, checked boxes, selected options. Tests change a few and post the rest,
/// so they exercise the form the page really renders.
/// </summary>
public sealed partial class FormFields(List<KeyValuePair<string, string>> fields)
{
    public IReadOnlyList<KeyValuePair<string, string>> All => fields;

    public string? this[string name] => fields.FirstOrDefault(f => f.Key == name).Value;

    public IEnumerable<string> Values(string name) => fields.Where(f => f.Key == name).Select(f => f.Value);

    public FormFields Set(string name, string value)
    {
        fields.RemoveAll(f => f.Key == name);
        fields.Add(new(name, value));
        return this;
    }

    public FormFields Add(string name, string value)
    {
        fields.Add(new(name, value));
        return this;
    }

    public FormFields Remove(string name, string? value = null)
    {
        fields.RemoveAll(f => f.Key == name && (value is null || f.Value == value));
        return this;
    }

    public Task<HttpResponseMessage> PostAsync(HttpClient client, string url) =>
        client.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Reads the form whose opening tag carries <paramref name="marker"/> (e.g. <c>data-testid="user-form"</c>).</summary>
    public static FormFields Read(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"No form marked {marker} on the page.");
        }

        var start = html.LastIndexOf("<form", at, StringComparison.Ordinal);
        var end = html.IndexOf("</form>", at, StringComparison.Ordinal);
        // A <template>'s fields are not part of the form (a browser never submits them).
        var form = TemplatePattern().Replace(html[start..end], string.Empty);
        var result = new List<KeyValuePair<string, string>>();
        foreach (Match tag in FieldTag().Matches(form))
        {
            var attributes = Attributes(tag.Groups["attributes"].Value);
            if (!attributes.TryGetValue("name", out var name) || attributes.ContainsKey("disabled"))
            {
                continue;
            }

            switch (tag.Groups["tag"].Value)
            {
                case "input":
                    var type = attributes.GetValueOrDefault("type", "text");
                    if (type is "submit" or "button" or "reset" or "file")
                    {
                        continue;
                    }

                    if (type is "checkbox" or "radio" && !attributes.ContainsKey("checked"))
                    {
                        continue;
                    }

                    result.Add(new(name, attributes.GetValueOrDefault("value", type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case "select":
                    var body = form[(tag.Index + tag.Length)..form.IndexOf("</select>", tag.Index, StringComparison.Ordinal)];
                    var options = Option().Matches(body).Select(o => Attributes(o.Groups["attributes"].Value)).ToList();
                    var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                    if (chosen is not null)
                    {
                        result.Add(new(name, chosen.GetValueOrDefault("value", "")));
                    }

                    break;
                case "textarea":
                    var text = form[(tag.Index + tag.Length)..form.IndexOf("</textarea>", tag.Index, StringComparison.Ordinal)];
                    result.Add(new(name, WebUtility.HtmlDecode(text.TrimStart('\r', '\n'))));
                    break;
            }
        }

        return new FormFields(result);
    }

    private static Dictionary<string, string> Attributes(string text) =>
        AttributePattern().Matches(text)
            .GroupBy(m => m.Groups["name"].Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Value), StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("<(?<tag>input|select|textarea)\\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldTag();

    [GeneratedRegex("<template\\b.*?</template>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TemplatePattern();

    [GeneratedRegex("<option\\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Option();

    [GeneratedRegex("(?<name>[a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*\"(?<value>[^\"]*)\")?")]
    private static partial Regex AttributePattern();
}

public static class HtmlFormsClientExtensions
{
    public static async Task<FormFields> GetFormAsync(this HttpClient client, string url, string marker)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        }

        return FormFields.Read(html, marker);
    }
}
