using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PdfSharp.Fonts;

namespace Approvals.Documents;

/// <summary>The one TrueType font file letters are set in. Regular text, the simulated-bold title and level-1 headings, and
/// the page numbers all come from it; PDFsharp embeds the glyphs used as a subset (CID TrueType).</summary>
public sealed class LetterFonts
{
    /// <summary>Characters every letter prints whatever its content: digits, the 发文字号 and date punctuation, the date and
    /// number words, the QR caption, and the page-number dashes.</summary>
    internal const string RequiredCharacters = "0123456789〔〕、，。：（）年月日号扫码核验— ";

    private static readonly ConcurrentDictionary<string, Lazy<LetterFonts>> Loaded = new(StringComparer.Ordinal);
    private static int families;

    private LetterFonts(string path, TrueTypeFace face, string familyName)
    {
        Path = path;
        Face = face;
        FamilyName = familyName;
    }

    internal string Path { get; }

    internal TrueTypeFace Face { get; }

    /// <summary>The family name this file is registered under with PDFsharp's font resolver.</summary>
    internal string FamilyName { get; }

    /// <summary>Reads and checks the font file. A file loaded before (same path, size and time) is not read again.</summary>
    /// <exception cref="LetterFontException">The file is missing, a TrueType collection (.ttc), not a TrueType-outline font,
    /// or lacks glyphs for characters every letter prints (named in the message).</exception>
    public static LetterFonts Load(string ttfPath)
    {
        lock (PdfSharpAccess.Gate)
        {
            return LoadUnderLock(ttfPath);
        }
    }

    private static LetterFonts LoadUnderLock(string ttfPath)
    {
        if (string.IsNullOrWhiteSpace(ttfPath))
        {
            throw new LetterFontException("No font file given: pass the path of a TrueType (.ttf) file with CJK glyphs, e.g. "
                + "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf (Debian package fonts-lxgw-wenkai).");
        }

        var path = System.IO.Path.GetFullPath(ttfPath);
        if (path.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase))
        {
            throw Collection(path);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new LetterFontException($"Font file not found: {path}. Install it (fonts-lxgw-wenkai provides "
                + "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf) or configure another TrueType file.");
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}");
        var lazy = Loaded.GetOrAdd(key, _ => new Lazy<LetterFonts>(() => Read(path)));
        try
        {
            return lazy.Value;
        }
        catch (LetterFontException)
        {
            Loaded.TryRemove(key, out _); // a failure is not remembered: the file may be fixed
            throw;
        }
    }

    /// <summary>Whether every character of the text has a glyph in this font (line breaks and other control characters,
    /// which are never printed, do not count).</summary>
    public bool Covers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Missing(text).Count == 0;
    }

    /// <summary>The distinct characters of the text the font has no glyph for, in order of appearance.</summary>
    internal List<Rune> Missing(string text)
    {
        var missing = new List<Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && !Face.HasGlyph(rune.Value) && !missing.Contains(rune))
            {
                missing.Add(rune);
            }
        }

        return missing;
    }

    internal static string Describe(IEnumerable<Rune> runes) =>
        string.Join(' ', runes.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r} (U+{r.Value:X4})")));

    private static LetterFonts Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterFontException($"Cannot read the font file {path}: {e.Message}");
        }

        var magic = data.Length >= 12 ? Encoding.ASCII.GetString(data, 0, 4) : "";
        switch (magic)
        {
            case "ttcf":
                throw Collection(path);
            case "OTTO":
                throw new LetterFontException($"{path} is an OpenType font with PostScript (CFF) outlines; PDFsharp cannot "
                    + "subset those and would embed the whole font in every letter. Use a TrueType-outline (.ttf) font.");
            case "\0\u0001\0\0" or "true":
                break;
            default:
                throw new LetterFontException($"{path} is not a TrueType font file.");
        }

        TrueTypeFace face;
        try
        {
            face = TrueTypeFace.Parse(data);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new LetterFontException($"{path} does not read as a TrueType font: {e.Message}.");
        }

        var fonts = new LetterFonts(path, face, $"ApprovalsLetter{Interlocked.Increment(ref families)}");
        var missing = fonts.Missing(RequiredCharacters);
        if (missing.Count > 0)
        {
            throw new LetterFontException($"{path} lacks glyphs for {missing.Count} characters every letter prints: "
                + $"{Describe(missing)}. Use a font with CJK coverage, e.g. LXGWWenKai-Regular.ttf (fonts-lxgw-wenkai).");
        }

        Pdf.Initialize();
        LetterFontResolver.Instance.Register(fonts.FamilyName, data);
        return fonts;
    }

    private static LetterFontException Collection(string path) =>
        new($"{path} is a TrueType collection (.ttc), which PDFsharp cannot read. Use a single-face .ttf file "
            + "(or extract one face from the collection).");
}

/// <summary>PDFsharp's font resolver is one per process and must not change once used: this is it. Each loaded font file
/// is one family; bold is simulated from the same file.</summary>
internal sealed class LetterFontResolver : IFontResolver
{
    public static readonly LetterFontResolver Instance = new();

    private readonly ConcurrentDictionary<string, byte[]> faces = new(StringComparer.Ordinal);

    public void Register(string familyName, byte[] data) => faces[familyName] = data;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        faces.ContainsKey(familyName) ? new FontResolverInfo(familyName, bold, italic) : null;

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);
}

/// <summary>The process-wide PDFsharp settings, made once.</summary>
internal static class Pdf
{
    private static readonly Lock Gate = new();
    private static bool initialized;

    public static void Initialize()
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            // PDFsharp 6.5 throws without a license decision; this project is AGPL-3.0 as PDFsharp's free edition requires.
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            var current = GlobalFontSettings.FontResolver;
            if (current is not null && current != LetterFontResolver.Instance)
            {
                throw new InvalidOperationException($"PDFsharp's global font resolver is already set ({current.GetType().FullName}); "
                    + "Approvals.Documents installs its own and PDFsharp allows only one per process.");
            }

            GlobalFontSettings.FontResolver = LetterFontResolver.Instance;
            initialized = true;
        }
    }
}
