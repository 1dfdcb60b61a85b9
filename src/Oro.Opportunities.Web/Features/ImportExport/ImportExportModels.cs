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

/// <summary>Which kind of record an import page loads, and how the pages word it.</summary>
/// <param name="HelpHtml">How rows are matched and what they refer to (our own markup, never user input).</param>
public sealed record ImportKindPage(string Kind, string Path, string Title, string MatchByNameLabel, string HelpHtml)
{
    /// <summary>The pages of a job's kind (an unknown kind: the opportunities' pages, which answer 404 for it).</summary>
    public static ImportKindPage Of(string kind) => kind == ImportKinds.Leads ? Leads : Opportunities;

    /// <summary>A job's page, under its kind's path.</summary>
    public static string JobUrl(string kind, int id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Of(kind).Path}/import/{id}");

    public static ImportKindPage Opportunities { get; } = new(
        ImportKinds.Opportunities,
        "/opportunities",
        "Opportunities",
        "Also match existing opportunities by name (when a row has no Id or External id)",
        "A row with an <em>Id</em> updates that opportunity; otherwise a row with an <em>External id</em> updates the opportunity with that id; " +
        "otherwise a new opportunity is created. Owners are matched by username, accounts by name (created when missing), contacts by " +
        "first and last name (created when missing) and leads by name. Rows with errors are skipped and listed in the error report, and you can " +
        "download them with their errors to fix and import again. A file imported before is not imported again until you confirm.");

    public static ImportKindPage Leads { get; } = new(
        ImportKinds.Leads,
        "/leads",
        "Leads",
        "Also match existing leads by name (when a row has no Id)",
        "A row with an <em>Id</em> updates that lead; otherwise a new lead is created (a file Oro exported imports as it is). Owners are " +
        "matched by username, the account by name and the contact by first and last name (both must exist); sources and statuses by code " +
        "or label. <em>Emails N</em>, <em>Phones N</em> and <em>Address N</em> columns fill the lists, the first one primary. Rows with " +
        "errors are skipped and listed in the error report, and you can download them with their errors to fix and import again. A file " +
        "imported before is not imported again until you confirm.");
}

/// <summary>The import page: the form, the stated limit and the user's past imports.</summary>
public sealed class ImportPageModel
{
    public ImportKindPage Kind { get; init; } = ImportKindPage.Opportunities;

    public required IReadOnlyList<ImportJobSummary> Jobs { get; init; }

    public required long MaxUploadBytes { get; init; }

    public bool ShowUser { get; init; }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
}

/// <summary>The page of one job: progress while it runs, the result when it is done.</summary>
public sealed class ImportJobPageModel
{
    public ImportKindPage Kind { get; init; } = ImportKindPage.Opportunities;

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
