using FluentValidation;
using Oro.Opportunities.Application.ImportExport;

namespace Oro.Opportunities.Web.Features.ImportExport;

/// <summary>The import form as posted.</summary>
public sealed class ImportUploadModel
{
    public IFormFile? File { get; set; }

    /// <summary>"validate" or "import": which button was pressed.</summary>
    public string? Mode { get; set; }

    public bool MatchByName { get; set; }
}

public sealed class ImportUploadModelValidator : AbstractValidator<ImportUploadModel>
{
    public ImportUploadModelValidator(Microsoft.Extensions.Options.IOptionsMonitor<ImportOptions> options)
    {
        var max = options.CurrentValue.MaxUploadBytes;
        RuleFor(m => m.File).NotNull().WithMessage("Choose a CSV file.");
        RuleFor(m => m.File!.Length).GreaterThan(0).WithMessage("The file is empty.").OverridePropertyName(nameof(ImportUploadModel.File)).When(m => m.File is not null);
        RuleFor(m => m.File!.Length).LessThanOrEqualTo(max)
            .WithMessage($"The file is larger than the {ImportPageModel.Size(max)} limit. Split it into smaller files.")
            .OverridePropertyName(nameof(ImportUploadModel.File))
            .When(m => m.File is not null);
        RuleFor(m => m.File!.FileName)
            .Must(name => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .WithMessage("Choose a .csv file (in Excel: Save As → CSV UTF-8).")
            .OverridePropertyName(nameof(ImportUploadModel.File))
            .When(m => m.File is not null);
        RuleFor(m => m.Mode).Must(m => m is "validate" or "import").WithMessage("Choose Validate or Import.");
    }
}

/// <summary>The import page: the form, the stated limit and the user's past imports.</summary>
public sealed class ImportPageModel
{
    public required IReadOnlyList<ImportJobSummary> Jobs { get; init; }

    public required long MaxUploadBytes { get; init; }

    public bool ShowUser { get; init; }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
}

/// <summary>The page of one job: progress while it runs, the result when it is done.</summary>
public sealed class ImportJobPageModel
{
    public required ImportJobSummary Job { get; init; }

    public required IReadOnlyList<ImportErrorLine> Errors { get; init; }

    public required int ErrorCount { get; init; }

    /// <summary>The last earlier import of the same file (same content), if any.</summary>
    public PreviousImport? PreviousImport { get; init; }

    public static string StateLabel(Oro.Opportunities.Domain.ImportExport.ImportJobState state) => state switch
    {
        Oro.Opportunities.Domain.ImportExport.ImportJobState.AwaitingConfirmation => "Waiting for your confirmation",
        _ => state.ToString(),
    };
}
