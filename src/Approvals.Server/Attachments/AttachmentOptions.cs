using Approvals.Server.Hosting;

namespace Approvals.Server.Attachments;

/// <summary>
/// Limits and storage for attachments, from the configuration section <c>Approvals:Attachments</c>:
/// <list type="bullet">
/// <item><c>MaxBytes</c>: the largest file accepted (default 20 MiB).</item>
/// <item><c>Folder</c>: unset, the bytes are kept in the attachment's database row, so a database backup holds
/// them; set, files are kept in that folder named by their SHA-256 (relative paths are under the data directory).</item>
/// <item><c>AllowedTypes</c>: which of <see cref="FileTypes.All"/> are accepted, as a list or comma-separated
/// (default all of them). The type is decided from the content, never from what the client says.</item>
/// </list>
/// </summary>
public sealed record AttachmentOptions
{
    public const string Section = "Approvals:Attachments";
    public const string MaxBytesKey = Section + ":MaxBytes";
    public const string FolderKey = Section + ":Folder";
    public const string AllowedTypesKey = Section + ":AllowedTypes";
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>The largest file accepted, in bytes.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>The full path of the folder files are kept in; null to keep them in the database.</summary>
    public string? Folder { get; init; }

    /// <summary>The accepted types, by <see cref="FileType.Key"/>.</summary>
    public IReadOnlySet<string> AllowedTypes { get; init; } = FileTypes.All.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);

    public static AttachmentOptions From(IConfiguration configuration)
    {
        var options = new AttachmentOptions();
        if (Value(configuration, MaxBytesKey) is { } maxText)
        {
            if (!long.TryParse(maxText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) || max < 1)
            {
                throw new ConfigurationException($"{MaxBytesKey} is '{maxText}'; use a whole number of bytes, at least 1 (default {DefaultMaxBytes}, 20 MiB).");
            }

            options = options with { MaxBytes = max };
        }

        if (Value(configuration, FolderKey) is { } folderText)
        {
            var dataDirectory = Value(configuration, ApprovalsSettings.DataDirectoryKey) ?? "data";
            var folder = Path.GetFullPath(Path.Combine(Path.GetFullPath(dataDirectory), folderText));
            try
            {
                Directory.CreateDirectory(Path.Combine(folder, AttachmentStore.IncomingFolder));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"{FolderKey}: cannot create the attachments folder '{folder}': {ex.Message}");
            }

            options = options with { Folder = folder };
        }

        var allowed = AllowedTypeKeys(configuration);
        if (allowed.Count > 0)
        {
            var unknown = allowed.Where(key => FileTypes.ByKey(key) is null).ToList();
            if (unknown.Count > 0)
            {
                throw new ConfigurationException(
                    $"{AllowedTypesKey} names '{string.Join("', '", unknown)}', which the service cannot recognise; use some of {string.Join(", ", FileTypes.All.Select(t => t.Key))}.");
            }

            options = options with { AllowedTypes = allowed.ToHashSet(StringComparer.Ordinal) };
        }

        return options;
    }

    /// <summary>The type of a file as its content shows it, if it is one that is accepted.</summary>
    public FileType? Accepts(FileType? type) => type is not null && AllowedTypes.Contains(type.Key) ? type : null;

    private static List<string> AllowedTypeKeys(IConfiguration configuration)
    {
        var section = configuration.GetSection(AllowedTypesKey);
        var values = section.Value is { Length: > 0 } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return [.. values.Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).Distinct()];
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}

public static class AttachmentServiceCollectionExtensions
{
    /// <summary>Attachment limits (checked now: a wrong setting stops the start with one clear line) and the store.</summary>
    public static IServiceCollection AddApprovalsAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AttachmentOptions.From(configuration));
        services.AddSingleton<AttachmentStore>();
        return services;
    }
}
