using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>System → Configuration → Currency over HTTP (spec §7).</summary>
public sealed class CurrencyConfigurationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task Adding_a_currency_with_a_rate_to_base_computes_the_rate_from_base()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var response = await AddCurrencyAsync(factory, client, "EUR", toBase: "1.1");
        var page = await client.FollowAsync(response);

        Assert.Contains("Configuration saved", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Rates.Items[EUR].RateFromBase\" value=\"0.9090909091\"", page, StringComparison.Ordinal);
        var snapshot = await factory.SnapshotAsync();
        Assert.Contains("EUR", snapshot.AllowedCurrencies);
        Assert.Equal(1.1m, snapshot.Rates["EUR"].RateToBase);
        Assert.Equal(0.9090909091m, snapshot.Rates["EUR"].RateFromBase);
        Assert.Equal("USD", snapshot.BaseCurrency);
    }

    [Fact]
    public async Task A_rate_entered_from_base_is_kept_and_the_rate_to_base_derived()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        await AddCurrencyAsync(factory, client, "CHF", fromBase: "0.8", entered: "FromBase");

        var snapshot = await factory.SnapshotAsync();
        Assert.Equal(0.8m, snapshot.Rates["CHF"].RateFromBase);
        Assert.Equal(1.25m, snapshot.Rates["CHF"].RateToBase);
    }

    [Fact]
    public async Task Changing_a_rate_adds_a_new_rate_and_keeps_the_history()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        await AddCurrencyAsync(factory, client, "GBP", toBase: "1.25");

        await SaveRateAsync(factory, client, "GBP", "1.3");
        var page = await client.GetStringAsync(CurrencyPage);
        await SaveRateAsync(factory, client, "GBP", "1.35");
        var history = await client.GetStringAsync(CurrencyPage + "/GBP/history");

        var rows = await factory.DbAsync(db => db.CurrencyRates.AsNoTracking().Where(r => r.CurrencyCode == "GBP").OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([1.25m, 1.3m, 1.35m], rows.Select(r => r.RateToBase));
        Assert.Equal(1.35m, (await factory.SnapshotAsync()).Rates["GBP"].RateToBase);
        Assert.Contains("data-testid=\"effective-since\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>1.25</td>", history, StringComparison.Ordinal);
        Assert.Contains("<td>1.3</td>", history, StringComparison.Ordinal);
        Assert.Contains("<td>1.35</td>", history, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(history, "Current</span>"));
        Assert.Contains("<td>admin</td>", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_an_unchanged_rate_adds_no_row()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        await AddCurrencyAsync(factory, client, "JPY", toBase: "0.0067");

        await SaveRateAsync(factory, client, "JPY", "0.0067");

        Assert.Equal(1, await factory.DbAsync(db => db.CurrencyRates.CountAsync(r => r.CurrencyCode == "JPY")));
    }

    [Fact]
    public async Task A_rate_must_be_greater_than_zero()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var response = await AddCurrencyAsync(factory, client, "SEK", toBase: "0");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-valmsg-for=\"NewCurrency.RateToBase\" data-valmsg-replace=\"true\">A rate must be greater than zero", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SEK", (await factory.SnapshotAsync()).AllowedCurrencies);
    }

    [Fact]
    public async Task The_base_currency_cannot_be_removed()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var baseCurrency = (await factory.SnapshotAsync()).BaseCurrency;

        var response = await client.PostFormAsync($"{CurrencyPage}/{baseCurrency}/remove", Fields(("revision", Text(await factory.RevisionAsync()))), tokenPage: CurrencyPage);
        var page = await client.FollowAsync(response);

        Assert.Contains("is the base currency and cannot be removed", page, StringComparison.Ordinal);
        Assert.Contains(baseCurrency, (await factory.SnapshotAsync()).AllowedCurrencies);
        Assert.DoesNotContain($"id=\"remove-currency-{baseCurrency}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unused_currency_is_removed_and_its_history_kept()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        await AddCurrencyAsync(factory, client, "NOK", toBase: "0.09");

        var response = await client.PostFormAsync($"{CurrencyPage}/NOK/remove", Fields(("revision", Text(await factory.RevisionAsync()))), tokenPage: CurrencyPage);
        var page = await client.FollowAsync(response);

        Assert.Contains("NOK removed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("NOK", (await factory.SnapshotAsync()).AllowedCurrencies);
        Assert.Equal(1, await factory.DbAsync(db => db.CurrencyRates.CountAsync(r => r.CurrencyCode == "NOK")));
    }

    [Fact]
    public async Task Changing_the_base_currency_rebases_the_current_rates()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        await AddCurrencyAsync(factory, client, "AUD", toBase: "0.5");
        await AddCurrencyAsync(factory, client, "CAD", toBase: "0.8");

        var response = await SaveCurrencySettingsAsync(factory, client, "CAD", "Symbol");
        var confirmation = await client.FollowAsync(response);
        Assert.Equal("USD", (await factory.SnapshotAsync()).BaseCurrency);
        var page = await client.FollowAsync(await ConfirmBaseChangeAsync(factory, client, "CAD", "Symbol"));
        var rebased = await factory.SnapshotAsync();
        // Back to USD: every test in this class expects the seeded base.
        await ConfirmBaseChangeAsync(factory, client, "USD", "Code");
        var back = await factory.SnapshotAsync();

        Assert.Contains("data-testid=\"change-base-preview\"", confirmation, StringComparison.Ordinal);
        Assert.Contains("The base currency is now CAD", page, StringComparison.Ordinal);
        Assert.Equal("CAD", rebased.BaseCurrency);
        Assert.Equal(Application.Configuration.CurrencyDisplay.Symbol, rebased.CurrencyDisplay);
        Assert.Equal(1m, rebased.Rates["CAD"].RateToBase);
        Assert.Equal(1.25m, rebased.Rates["USD"].RateToBase);     // 1 / 0.8
        Assert.Equal(0.625m, rebased.Rates["AUD"].RateToBase);    // 0.5 / 0.8
        Assert.Equal(1.6m, rebased.Rates["AUD"].RateFromBase);
        Assert.Equal("USD", back.BaseCurrency);
        Assert.Equal(0.5m, back.Rates["AUD"].RateToBase);
        Assert.Equal(0.8m, back.Rates["CAD"].RateToBase);
        Assert.Contains("re-expresses the whole rate history", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_base_currency_must_be_an_allowed_currency()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var response = await SaveCurrencySettingsAsync(factory, client, "PLN", "Code");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The base currency must be one of the allowed currencies.", html, StringComparison.Ordinal);
        Assert.Equal("USD", (await factory.SnapshotAsync()).BaseCurrency);
    }

    [Fact]
    public async Task The_add_select_offers_only_currencies_not_yet_allowed()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var html = await client.GetStringAsync(CurrencyPage);

        var addForm = html[html.IndexOf("data-testid=\"add-currency-form\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("<option value=\"USD\">", addForm, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ZAR\">", addForm, StringComparison.Ordinal);
        Assert.Equal(Iso4217.All.Count - (await factory.SnapshotAsync()).AllowedCurrencies.Count,
            System.Text.RegularExpressions.Regex.Count(addForm[..addForm.IndexOf("</select>", StringComparison.Ordinal)], "<option value=\"[A-Z]{3}\""));
    }

    private static async Task<HttpResponseMessage> AddCurrencyAsync(OroAppFactory factory, HttpClient client, string code, string toBase = "", string fromBase = "", string entered = "ToBase") =>
        await client.PostFormAsync(CurrencyPage + "/add", Fields(
            ("NewCurrency.Revision", Text(await factory.RevisionAsync())),
            ("NewCurrency.CurrencyCode", code),
            ("NewCurrency.RateToBase", toBase),
            ("NewCurrency.RateFromBase", fromBase),
            ("NewCurrency.Entered", entered)), tokenPage: CurrencyPage);

    private static async Task SaveRateAsync(OroAppFactory factory, HttpClient client, string code, string toBase)
    {
        var response = await client.PostFormAsync(CurrencyPage + "/rates", Fields(
            ("Rates.Revision", Text(await factory.RevisionAsync())),
            ("Rates.Items.Index", code),
            ($"Rates.Items[{code}].Code", code),
            ($"Rates.Items[{code}].RateToBase", toBase),
            ($"Rates.Items[{code}].RateFromBase", string.Empty),
            ($"Rates.Items[{code}].Entered", "ToBase")), tokenPage: CurrencyPage);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    internal static async Task<HttpResponseMessage> ConfirmBaseChangeAsync(OroAppFactory factory, HttpClient client, string baseCurrency, string display) =>
        await client.PostFormAsync(CurrencyPage + "/change-base", Fields(
            ("revision", Text(await factory.RevisionAsync())),
            ("baseCurrency", baseCurrency),
            ("display", display)), tokenPage: CurrencyPage);

    private static async Task<HttpResponseMessage> SaveCurrencySettingsAsync(OroAppFactory factory, HttpClient client, string baseCurrency, string display) =>
        await client.PostFormAsync(CurrencyPage + "/settings", Fields(
            ("Settings.Revision", Text(await factory.RevisionAsync())),
            ("Settings.BaseCurrency", baseCurrency),
            ("Settings.Display", display)), tokenPage: CurrencyPage);
}
