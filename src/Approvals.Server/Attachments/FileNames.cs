using System.Globalization;

namespace Approvals.Server.Attachments;

/// <summary>What an attachment is called when it is served again.</summary>
public static class FileNames
{
    public const int MaxLength = 255;

    /// <summary>
    /// The client's file name without folders, control or formatting characters (a right-to-left override can disguise
    /// an extension), at most 255 characters, and ending in an extension of the type its content is.
    /// </summary>
    public static string Safe(string? raw, FileType type)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)]).Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            name = "attachment";
        }

        var extension = type.Extensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (extension is null)
        {
            extension = type.Extensions[0];
            name += extension;
        }

        if (name.Length > MaxLength)
        {
            var stem = name[..(MaxLength - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            name = stem + name[^extension.Length..];
        }

        return name;
    }
}
