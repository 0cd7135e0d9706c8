namespace Approvals.Documents;

/// <summary>One block of a letter's body, in reading order.</summary>
public abstract record LetterBlock;

/// <summary>A body paragraph (正文段落): the first line is indented two characters. A line feed in the text starts a new line
/// without indentation.</summary>
public sealed record Paragraph(string Text) : LetterBlock;

/// <summary>A heading inside the body, printed as given (the caller writes the number, e.g. "一、" or "（一）"), indented two
/// characters like a paragraph. Level 1 is the 黑体 level, level 2 the 楷体 level, levels 3 and 4 are body text. With one
/// font file the renderer draws level 1 with simulated bold and level 2 in the regular face.</summary>
public sealed record Heading(string Text, int Level) : LetterBlock;

/// <summary>A simple ruled table over the width of the type area: cell text wraps, and a table longer than the page splits
/// between rows (a row taller than a page splits between its lines), repeating the header row on each page.</summary>
public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : LetterBlock;

/// <summary>An official letter (公文) in the GB/T 9704 layout.</summary>
/// <param name="IssuerName">发文机关标志, e.g. 嘉善县农业农村局 (printed in red).</param>
/// <param name="Number">发文字号 as printed, e.g. 嘉善农〔2026〕12号; the caller formats it.</param>
/// <param name="Title">标题.</param>
/// <param name="Addressee">主送机关, printed with a full-width colon; null for none.</param>
/// <param name="Body">正文.</param>
/// <param name="Signature">落款: the issuing body's name above the date.</param>
/// <param name="Date">成文日期, printed like 2026年11月22日.</param>
/// <param name="VerificationUrl">Printed as a QR code near the signature, captioned 扫码核验; empty for none.</param>
public sealed record Letter(
    string IssuerName,
    string Number,
    string Title,
    string? Addressee,
    IReadOnlyList<LetterBlock> Body,
    string Signature,
    DateOnly Date,
    string VerificationUrl);

/// <summary>Renders letters to a printable document. Implementations are safe to share between threads.</summary>
public interface ILetterRenderer
{
    /// <summary>The document's bytes (PDF for <see cref="PdfLetterRenderer"/>).</summary>
    /// <exception cref="LetterFontException">The font lacks a glyph for some character of the letter (they are named).</exception>
    byte[] Render(Letter letter);
}

/// <summary>The font file cannot be used: missing, a collection (.ttc), not TrueType, or lacking glyphs (named in the message).</summary>
public sealed class LetterFontException(string message) : Exception(message);
