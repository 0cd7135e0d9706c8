using System.IO.Compression;

namespace Approvals.Server.Attachments;

/// <summary>A kind of file the service accepts: how it is configured, served and named.</summary>
public sealed record FileType(string Key, string ContentType, IReadOnlyList<string> Extensions);

/// <summary>
/// Decides what a file is from its bytes, never from the client's Content-Type or file name: PDF, JPEG and PNG by
/// their signatures; OFD (GB/T 33190), .docx and .xlsx, which are zip packages, by the parts their central
/// directory lists (read without unpacking anything). Macro-enabled Office packages and any other zip are refused.
/// </summary>
public static class FileTypes
{
    public static readonly FileType Pdf = new("pdf", "application/pdf", [".pdf"]);
    public static readonly FileType Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly FileType Png = new("png", "image/png", [".png"]);
    public static readonly FileType Ofd = new("ofd", "application/ofd", [".ofd"]);
    public static readonly FileType Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly FileType Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);

    public static readonly IReadOnlyList<FileType> All = [Pdf, Jpeg, Png, Ofd, Docx, Xlsx];

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    public static FileType? ByKey(string key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>What <paramref name="content"/> (seekable, read from its start) is, or null if none of <see cref="All"/>.</summary>
    public static FileType? Sniff(Stream content)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..length];
        content.Position = 0;

        if (head.StartsWith(PdfMagic))
        {
            return Pdf;
        }

        if (head.StartsWith(PngMagic))
        {
            return Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        return head.StartsWith(ZipMagic) ? SniffPackage(content) : null;
    }

    private static FileType? SniffPackage(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("OFD.xml"))
            {
                return Ofd;
            }

            if (!names.Contains("[Content_Types].xml") || names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            return names.Contains("word/document.xml") ? Docx
                : names.Contains("xl/workbook.xml") ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
