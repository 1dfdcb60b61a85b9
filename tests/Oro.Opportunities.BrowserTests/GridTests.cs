using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The opportunities grid in daily use (issue 13 items 4–7): it fits a 1440 px screen with its default
/// columns, stays usable at 1024 px, keeps a refused inline value in the open editor with the reason
/// beside it, and marks a probability entered by hand.
/// </summary>
public sealed class GridTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] LongNames =
    [
        "Fleet rollout for the northern distribution centres, phase two of three, including training",
        "Renewal of the analytics platform licences for the whole European sales organisation",
        "Warehouse automation pilot",
        "Consulting retainer for the integration project with the new enterprise resource planning system",
    ];

    private async Task<string> SeedAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var adminId = await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await fixture.Factory.AccountAsync($"Northwind Traders International Holdings {tag}", adminId);
        var contact = await fixture.Factory.ContactAsync("Maximilian-Alexander", "Vandenberghe-Oppenheimer", $"maximilian.vandenberghe-oppenheimer.{tag}@northwind-traders.example.com", adminId, account);
        for (var i = 0; i < 30; i++)
        {
            await fixture.Factory.OpportunityAsync(
                $"{LongNames[i % LongNames.Length]} {tag} {i}", adminId, account, i % 3 == 0 ? "negotiation" : "needs_analysis",
                budget: 250_000m + (i * 1_234.5m), closeDate: new DateOnly(2026, 12, 1).AddDays(i), probability: i % 5 == 0 ? 35 : null, contactId: contact);
        }

        return tag;
    }

    private async Task<IPage> GridAsync(int width, string tag)
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        await page.GotoAsync($"/opportunities?view=all&name={tag}");
        await Assertions.Expect(page.Locator("tr[data-id]").First).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task At_1440_px_the_default_columns_fit_without_horizontal_scrolling_and_long_text_is_cut_with_the_full_text_on_hover()
    {
        var tag = await SeedAsync();
        var page = await GridAsync(1440, tag);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-1440.png"), FullPage = true });

        var sideways = await page.EvaluateAsync<int[]>("""
            () => {
                const scroller = document.querySelector('[data-grid-scroll]');
                return [scroller.scrollWidth - scroller.clientWidth, document.documentElement.scrollWidth - document.documentElement.clientWidth];
            }
            """);
        Assert.True(sideways[0] <= 1, $"The grid scrolls sideways by {sideways[0]} px at 1440 px.");
        Assert.True(sideways[1] <= 1, $"The page scrolls sideways by {sideways[1]} px at 1440 px.");

        // Every visible column, the actions included, is inside the screen.
        var right = await page.EvaluateAsync<double>("() => Math.max(...[...document.querySelectorAll('[data-grid] thead th')].map(th => th.getBoundingClientRect().right))");
        Assert.True(right <= 1440, $"A column ends at {right} px.");

        // One line per row: long names are cut, dates and amounts do not wrap.
        var rowHeights = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('[data-grid] tbody tr')].map(r => r.getBoundingClientRect().height)");
        Assert.All(rowHeights, h => Assert.True(h < 40, $"A row is {h} px high: something wraps."));
        var name = page.Locator("tr[data-id] td[data-col=name] a").First;
        var full = await name.GetAttributeAsync("title");
        Assert.Contains(LongNames, n => full!.StartsWith(n, StringComparison.Ordinal));
        var cut = await name.EvaluateAsync<bool>("a => a.scrollWidth > a.clientWidth");
        Assert.True(cut, "The long name should be cut with an ellipsis (its full text is on hover).");
        Assert.NotNull(await page.Locator("tr[data-id] td[data-col=email] .cell-text").First.GetAttributeAsync("title"));
        Assert.Contains("–", await page.GetByTestId("page-range").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_1024_px_the_table_scrolls_inside_its_card_and_keeps_the_names_in_view()
    {
        var tag = await SeedAsync();
        var page = await GridAsync(1024, tag);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-1024.png"), FullPage = true });

        var pageSideways = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(pageSideways <= 1, $"The page itself scrolls sideways by {pageSideways} px; only the table should.");

        var nameCell = page.Locator("tr[data-id] td[data-col=name]").First;
        var before = (await nameCell.BoundingBoxAsync())!.X;
        await page.EvaluateAsync("() => { const s = document.querySelector('[data-grid-scroll]'); s.scrollLeft = s.scrollWidth; }");
        var scrolled = await page.EvaluateAsync<double>("() => document.querySelector('[data-grid-scroll]').scrollLeft");
        Assert.True(scrolled > 0, "At 1024 px the table should scroll inside its card.");
        var after = (await nameCell.BoundingBoxAsync())!.X;
        Assert.Equal(before, after, 1.0);
        await Assertions.Expect(page.Locator("tr[data-id] td.table-actions a[title=View]").First).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-1024-scrolled.png") });
    }

    [Fact]
    public async Task A_refused_inline_value_stays_in_the_open_editor_with_the_reason_beside_it()
    {
        var tag = await SeedAsync();
        var page = await GridAsync(1440, tag);
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        var row = page.Locator("tr[data-id]").First;
        var id = int.Parse((await row.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        var before = (await fixture.Factory.ReloadAsync(id)).Probability;

        await row.Locator("td[data-col=probability]").HoverAsync();
        await row.Locator("td[data-col=probability] .inline-edit-button").ClickAsync();
        var editor = page.Locator("[data-inline-editor=probability]");
        await editor.Locator("input").FillAsync("150");
        await editor.Locator("input").PressAsync("Enter");

        var error = editor.Locator("[data-inline-error]");
        await Assertions.Expect(error).ToHaveTextAsync("The probability is a whole percent from 0 to 100.");
        await Assertions.Expect(editor.Locator("input")).ToHaveValueAsync("150");
        await Assertions.Expect(editor.Locator("input")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(editor.Locator("input")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".toast.show")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-inline-error.png") });
        Assert.Equal(before, (await fixture.Factory.ReloadAsync(id)).Probability);

        // Corrected in place, it saves and the editor closes.
        await editor.Locator("input").FillAsync("45");
        await editor.Locator("input").PressAsync("Enter");
        await Assertions.Expect(editor).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator("td[data-col=probability] [data-cell-text]")).ToHaveTextAsync("45 %");
        await Assertions.Expect(row.Locator("td[data-col=probability] [data-manual-marker]")).ToBeVisibleAsync();
        Assert.Equal(45, (await fixture.Factory.ReloadAsync(id)).Probability);
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task A_probability_entered_by_hand_is_marked_and_goes_back_to_the_status_default_inline()
    {
        var tag = await SeedAsync();
        var page = await GridAsync(1440, tag);
        var manual = page.Locator("tr[data-id]").Filter(new() { Has = page.Locator("td[data-col=probability] [data-manual-marker]:not([hidden])") }).First;
        var id = int.Parse((await manual.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        var row = page.Locator($"tr[data-id='{id}']");
        await Assertions.Expect(row.Locator("td[data-col=probability] [data-cell-text]")).ToHaveTextAsync("35 %");

        await row.Locator("td[data-col=probability]").HoverAsync();
        await row.Locator("td[data-col=probability] .inline-edit-button").ClickAsync();
        var editor = page.Locator("[data-inline-editor=probability]");
        await Assertions.Expect(editor).ToContainTextAsync("Entered by hand");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-inline-manual.png") });
        await editor.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Use the status default") }).ClickAsync();

        await Assertions.Expect(editor).ToHaveCountAsync(0);
        var stored = await fixture.Factory.ReloadAsync(id);
        var statusDefault = await fixture.Factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Id == stored.StatusId).Select(s => s.DefaultProbability).SingleAsync());
        Assert.Equal(statusDefault, stored.Probability);
        await Assertions.Expect(row.Locator("td[data-col=probability] [data-cell-text]")).ToHaveTextAsync($"{statusDefault} %");
        await Assertions.Expect(row.Locator("td[data-col=probability] [data-manual-marker]")).ToBeHiddenAsync();

        // On the form too: the hint says where the value comes from, and the button empties the field.
        await page.GotoAsync($"/opportunities/{id}/edit");
        await Assertions.Expect(page.GetByTestId("probability-state")).ToContainTextAsync("Follows the status");
        await page.GetByLabel("Probability (%)").FillAsync("12");
        await Assertions.Expect(page.GetByTestId("probability-state")).ToContainTextAsync("Entered by hand");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "form-probability-manual.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the status default" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Probability (%)")).ToHaveValueAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and Close" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("probability")).ToHaveTextAsync($"{statusDefault} %");
    }

    [Fact]
    public async Task The_pager_jumps_to_a_page_and_to_the_last_one()
    {
        var tag = await SeedAsync();
        var page = await GridAsync(1440, tag);
        await page.GotoAsync($"/opportunities?view=all&name={tag}&size=10");

        await Assertions.Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–10 of 30");
        await page.GetByLabel("Go to page").FillAsync("2");
        await page.GetByLabel("Go to page").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("page-range")).ToHaveTextAsync("11–20 of 30");
        await page.GetByRole(AriaRole.Link, new() { Name = "Last page" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("page-range")).ToHaveTextAsync("21–30 of 30");
        await page.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("page-range")).ToHaveTextAsync("1–10 of 30");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "grid-pager.png") });
    }

    /// <summary>
    /// Issue 21: a mass action sends the version of each selected row as the page shows it. Two rows
    /// assigned from the grid are both changed; a row changed by someone else after the page was shown
    /// is reported as not changed and keeps its owner.
    /// </summary>
    [Fact]
    public async Task A_mass_action_from_the_grid_applies_to_the_rows_as_shown_and_reports_a_row_changed_since()
    {
        var tag = await SeedAsync();
        var rep = await fixture.Factory.CreateUserAsync("massrep" + tag, "mass-rep-password-1", [Oro.Opportunities.Domain.Security.SystemRoles.SalesRep]);
        var page = await GridAsync(1440, tag);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var rows = page.Locator("tr[data-id]");
        var first = int.Parse(await rows.Nth(0).GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var second = int.Parse(await rows.Nth(1).GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var third = int.Parse(await rows.Nth(2).GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // Someone else changes the third row after the page was shown.
        await fixture.Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Opportunities\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {third}"));

        foreach (var row in new[] { 0, 1, 2 })
        {
            await rows.Nth(row).Locator("[data-select-row]").CheckAsync();
        }

        await page.Locator("[data-mass-action]").SelectOptionAsync("assign");
        await page.Locator("select[name=ownerId]").SelectOptionAsync(rep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-mass-bar] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/opportunities", StringComparison.Ordinal));

        var flash = await page.Locator(".alert").First.InnerTextAsync();
        Assert.Contains("2 opportunities assigned.", flash, StringComparison.Ordinal);
        Assert.Contains($"1 not changed: #{third}:", flash, StringComparison.Ordinal);
        var owners = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Id == first || o.Id == second || o.Id == third).ToDictionaryAsync(o => o.Id, o => o.OwnerId));
        Assert.Equal(rep.Id, owners[first]);
        Assert.Equal(rep.Id, owners[second]);
        Assert.NotEqual(rep.Id, owners[third]);
    }
}
