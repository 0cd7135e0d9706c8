using System.Globalization;
using System.Text;
using PdfSharp.Pdf;

namespace Approvals.Documents;

/// <summary>Renders letters to PDF with PDFsharp, in the GB/T 9704 layout, set in one embedded (subset) TrueType font.
/// Stateless apart from the font: one instance serves any number of threads.</summary>
public sealed class PdfLetterRenderer : ILetterRenderer
{
    private readonly LetterFonts fonts;

    public PdfLetterRenderer(LetterFonts fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        Pdf.Initialize();
        this.fonts = fonts;
    }

    public byte[] Render(Letter letter)
    {
        // PDFsharp's font machinery is process-wide and takes its own locks while calling back into the font
        // resolver; loading fonts takes them in the other order. One lock around both keeps them from deadlocking
        // when several hosts in one process render and load at once.
        lock (PdfSharpAccess.Gate)
        {
            return RenderUnderLock(letter);
        }
    }

    private byte[] RenderUnderLock(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        CheckGlyphs(letter);

        var document = new PdfDocument();
        document.Options.CompressContentStreams = true;
        // The embedded subset keeps the font's full loca and hmtx tables (PDFsharp keeps glyph ids), ~230 KB before
        // compression: BestSpeed renders about 2.5× as many letters per second as Default for files about 1.5× as large
        // (e.g. 101 KB rather than 68 KB for a two-page letter).
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        document.Info.Title = letter.Title ?? "";
        document.Info.Subject = letter.Number ?? "";
        document.Info.Author = letter.IssuerName ?? "";
        document.Info.Creator = "Approvals";
        using (var composer = new LetterComposer(document, fonts))
        {
            composer.Compose(letter);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private void CheckGlyphs(Letter letter)
    {
        var text = new StringBuilder();
        text.Append(letter.IssuerName).Append(letter.Number).Append(letter.Title).Append(letter.Addressee).Append(letter.Signature);
        foreach (var block in letter.Body ?? [])
        {
            switch (block)
            {
                case Paragraph p:
                    text.Append(p.Text);
                    break;
                case Heading h:
                    text.Append(h.Text);
                    break;
                case Table t:
                    foreach (var column in t.Columns ?? [])
                    {
                        text.Append(column);
                    }

                    foreach (var cell in (t.Rows ?? []).SelectMany(r => r ?? []))
                    {
                        text.Append(cell);
                    }

                    break;
            }
        }

        var missing = fonts.Missing(text.ToString());
        if (missing.Count > 0)
        {
            throw new LetterFontException(string.Create(CultureInfo.InvariantCulture,
                $"The font {fonts.Path} has no glyph for {missing.Count} characters of this letter: {LetterFonts.Describe(missing)}. Choose a font that covers them (LetterFonts.Covers tells in advance)."));
        }
    }
}
