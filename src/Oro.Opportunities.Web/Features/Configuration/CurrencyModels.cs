using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>Base currency and how amounts show their currency.</summary>
public sealed class CurrencySettingsEditModel
{
    public long Revision { get; set; }

    public string? BaseCurrency { get; set; }

    public CurrencyDisplay Display { get; set; }

    public static CurrencySettingsEditModel From(ConfigurationSnapshot snapshot) => new()
    {
        Revision = snapshot.Revision,
        BaseCurrency = snapshot.BaseCurrency,
        Display = snapshot.CurrencyDisplay,
    };
}

public sealed class CurrencySettingsEditModelValidator : AbstractValidator<CurrencySettingsEditModel>
{
    public CurrencySettingsEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.BaseCurrency).NotEmpty().WithMessage("Choose the base currency.")
            .Must(Iso4217.IsKnown).WithMessage("Choose a currency from the list.");
        RuleFor(m => m.Display).IsInEnum().WithMessage("Choose code or symbol.");
    }
}

/// <summary>One currency's rate pair as submitted; <see cref="Entered"/> says which of the two the user typed.</summary>
public sealed class RateEditModel
{
    public string Code { get; set; } = string.Empty;

    public decimal? RateToBase { get; set; }

    public decimal? RateFromBase { get; set; }

    public RateDirection Entered { get; set; }
}

/// <summary>The rates table, rows keyed by currency code (<c>Items.Index</c>).</summary>
public sealed class RatesEditModel
{
    public long Revision { get; set; }

    /// <summary>The day (UTC) from which the rates apply; empty means now. Never in the future.</summary>
    public DateTime? EffectiveFrom { get; set; }

    /// <summary>Set by the confirmation step that showed which deals a past date re-values.</summary>
    public bool Confirmed { get; set; }

    public List<RateEditModel> Items { get; set; } = [];
}

public sealed class RatesEditModelValidator : AbstractValidator<RatesEditModel>
{
    public RatesEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.EffectiveFrom)
            .Must(date => date is not DateTime d || d.Date <= DateTime.UtcNow.Date)
            .WithMessage("The effective date cannot be in the future.");
        RuleForEach(m => m.Items)
            .OverrideIndexer((_, _, row, _) => "[" + row.Code + "]")
            .ChildRules(row => RateRules.Apply(row, r => r.RateToBase, r => r.RateFromBase));
    }
}

/// <summary>The "Add currency" form.</summary>
public sealed class NewCurrencyEditModel
{
    public long Revision { get; set; }

    public string? CurrencyCode { get; set; }

    public decimal? RateToBase { get; set; }

    public decimal? RateFromBase { get; set; }

    public RateDirection Entered { get; set; }
}

public sealed class NewCurrencyEditModelValidator : AbstractValidator<NewCurrencyEditModel>
{
    public NewCurrencyEditModelValidator()
    {
        RuleFor(m => m.Revision).GreaterThan(0).WithMessage(ConfigurationMessages.MissingRevision);
        RuleFor(m => m.CurrencyCode).NotEmpty().WithMessage("Choose a currency to add.")
            .Must(Iso4217.IsKnown).WithMessage("Choose a currency from the ISO 4217 list.");
        RateRules.Apply(this, m => m.RateToBase, m => m.RateFromBase);
    }
}

/// <summary>
/// The limits of a rate. Rates keep ten decimals, so a rate below 0.0000000001 would be stored as
/// zero and its inverse would overflow the column: both directions stay within 1e-10 … 1e10.
/// </summary>
public static class RateRules
{
    public const decimal Minimum = 0.0000000001m;
    public const decimal Maximum = 10_000_000_000m;
    public const string OutOfRange = "A rate must be greater than zero, at least 0.0000000001 and at most 10,000,000,000.";

    public static void Apply<T>(AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, decimal?>> toBase, System.Linq.Expressions.Expression<Func<T, decimal?>> fromBase)
    {
        var readTo = toBase.Compile();
        var readFrom = fromBase.Compile();
        validator.RuleFor(toBase)
            .Must((model, rate) => rate is not null || readFrom(model) is not null)
            .WithMessage("Enter the rate to base or the rate from base.");
        validator.RuleFor(toBase).InclusiveBetween(Minimum, Maximum).When(m => readTo(m) is not null).WithMessage(OutOfRange);
        validator.RuleFor(fromBase).InclusiveBetween(Minimum, Maximum).When(m => readFrom(m) is not null).WithMessage(OutOfRange);
    }
}
