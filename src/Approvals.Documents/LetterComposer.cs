using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Approvals.Documents;

/// <summary>Lays one letter out on A4 pages after GB/T 9704-2012 and draws it. Positions are in points from the top
/// left of the page. Body text sits on the standard grid: 22 lines of 28 characters filling the 156 × 225 mm type area.</summary>
internal sealed class LetterComposer : IDisposable
{
    private const double Mm = 72 / 25.4;
    private const double PageWidth = 210 * Mm, PageHeight = 297 * Mm;
    private const double Top = 37 * Mm, Left = 28 * Mm, TypeWidth = 156 * Mm, TypeHeight = 225 * Mm;
    private const double Bottom = Top + TypeHeight, Right = Left + TypeWidth;
    private const double Line = TypeHeight / 22;    // 行: 10.23 mm
    private const double Pitch = TypeWidth / 28;    // 字: 5.57 mm, a little under a 3号 character (5.64 mm)
    private const double BodySize = 16;             // 3号
    private const double TitleSize = 22;            // 2号
    private const double PageNumberSize = 14;       // 4号
    private const double TableSize = 14;            // 4号 in tables, so columns hold more
    private const double CaptionSize = 10.5;        // 5号
    private const double IssuerMaxSize = 42, IssuerMinSize = 22;
    private const double BodySpacing = Pitch - BodySize; // negative tracking that puts 28 characters on a line
    private const double IdeographicTop = 0.88;     // em above the baseline where a CJK character's em box starts
    private const double Tolerance = 0.01;
    private const double CellPadX = 4, CellPadY = 3, CellLine = TableSize * 1.4;
    private const double QrSize = 18 * Mm;   // the symbol, without its quiet zone

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor Red = XColor.FromArgb(255, 0, 0);
    private static readonly string?[] Strings = new string?[0x10000];

    private readonly PdfDocument document;
    private readonly TrueTypeFace face;
    private readonly XFont body, bodyBold, title, pageNumber, table, tableBold, caption;
    private readonly string family;
    private XGraphics? graphics;
    private int pages;
    private double y;        // top of the next line

    public LetterComposer(PdfDocument document, LetterFonts fonts)
    {
        this.document = document;
        face = fonts.Face;
        family = fonts.FamilyName;
        body = Font(BodySize, bold: false);
        bodyBold = Font(BodySize, bold: true);
        title = Font(TitleSize, bold: true);
        pageNumber = Font(PageNumberSize, bold: false);
        table = Font(TableSize, bold: false);
        tableBold = Font(TableSize, bold: true);
        caption = Font(CaptionSize, bold: false);
    }

    private XGraphics G => graphics ?? throw new InvalidOperationException("no page yet");

    public void Compose(Letter letter)
    {
        NewPage();
        Header(letter);
        var blocks = letter.Body ?? [];
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case Paragraph p:
                    if (i == blocks.Count - 1)
                    {
                        KeepWithSignature(p.Text, letter);
                    }

                    Text(p.Text, body, BodySize, BodySpacing, indent: 2 * Pitch);
                    break;
                case Heading h:
                    if (h.Level is < 1 or > 4)
                    {
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                            $"Heading level {h.Level} is not one of 1 (一、), 2 (（一）), 3 (1.), 4 (（1）): \"{h.Text}\""), nameof(letter));
                    }

                    if (i < blocks.Count - 1)
                    {
                        Room(2 * Line); // a heading does not end a page
                    }

                    Text(h.Text, h.Level == 1 ? bodyBold : body, BodySize, BodySpacing, indent: 2 * Pitch);
                    break;
                case Table t:
                    Table(t);
                    break;
                case null:
                    break;
                default:
                    throw new ArgumentException($"Unknown letter block {blocks[i].GetType().Name}", nameof(letter));
            }
        }

        Signature(letter);
    }

    public void Dispose() => graphics?.Dispose();

    private XFont Font(double size, bool bold) =>
        new(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    private void NewPage()
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        graphics = XGraphics.FromPdfPage(page);
        pages++;
        y = Top;

        // 页码: 4号, a dash each side, 7 mm below the type area; odd pages 右空一字, even pages 左空一字.
        var number = LineBreaker.CodePoints(string.Create(CultureInfo.InvariantCulture, $"— {pages} —"));
        var width = Width(number, 0, number.Length, PageNumberSize, 0);
        var x = pages % 2 == 1 ? Right - PageNumberSize - width : Left + PageNumberSize;
        Draw(number, 0, number.Length, pageNumber, PageNumberSize, x, Bottom + 7 * Mm + IdeographicTop * PageNumberSize, 0, 0, XBrushes.Black);
    }

    /// <summary>Starts a new page unless the height still fits on this one.</summary>
    private void Room(double height)
    {
        if (y + height > Bottom + Tolerance)
        {
            NewPage();
        }
    }

    /// <summary>Moves down to the next line of the page's grid (22 lines from the top of the type area).</summary>
    private void SnapToGrid() => y = Top + Math.Ceiling((y - Top) / Line - 1e-6) * Line;

    private static double Baseline(double lineTop, double lineHeight, double size) =>
        lineTop + (lineHeight - size) / 2 + IdeographicTop * size;

    private void Header(Letter letter)
    {
        // 发文机关标志: red, centred, its top edge 35 mm below the top of the type area; as large as fits, up to 42 pt.
        var issuer = LineBreaker.CodePoints(letter.IssuerName ?? "");
        var natural = Width(issuer, 0, issuer.Length, 1, 0);
        var size = natural > 0 ? Math.Clamp(TypeWidth / natural, IssuerMinSize, IssuerMaxSize) : IssuerMaxSize;
        var issuerFont = Font(size, bold: true);
        var red = new XSolidBrush(Red);
        var top = Top + 35 * Mm;
        var lines = LineBreaker.Wrap(issuer, TypeWidth, TypeWidth, c => Advance(c) * size);
        foreach (var line in lines)
        {
            Centred(issuer, line, issuerFont, size, top + IdeographicTop * size, red);
            top += size * 1.2;
        }

        var issuerBottom = top - size * 0.2;

        // 发文字号: two blank lines below, centred; the red separator 4 mm below it, as wide as the type area.
        var number = LineBreaker.CodePoints(letter.Number ?? "");
        var lineTop = issuerBottom + 2 * Line;
        foreach (var line in LineBreaker.Wrap(number, TypeWidth, TypeWidth, c => Advance(c) * BodySize))
        {
            Centred(number, line, body, BodySize, Baseline(lineTop, Line, BodySize), XBrushes.Black);
            lineTop += Line;
        }

        var separator = lineTop - Line + (Line - BodySize) / 2 + BodySize + 4 * Mm;
        G.DrawLine(new XPen(Red, 1), Left, separator, Right, separator);

        // 标题: 2号, two blank lines below the separator (to the nearest line of the page's grid, so that the body's lines
        // fill page 1 to the bottom of the type area like every other page), centred; several lines are balanced.
        y = Top + Math.Round((separator + 2 * Line - Top) / Line) * Line;
        var heading = LineBreaker.CodePoints(letter.Title ?? "");
        Func<int, double> titleAdvance = c => Advance(c) * TitleSize;
        var titleLines = LineBreaker.Wrap(heading, TypeWidth, TypeWidth, titleAdvance);
        if (titleLines.Count > 1 && titleLines.All(l => l.Wrapped || l == titleLines[^1]))
        {
            var target = Width(heading, 0, heading.Length, TitleSize, 0) / titleLines.Count;
            for (var w = target; w < TypeWidth; w += TitleSize / 2)
            {
                var balanced = LineBreaker.Wrap(heading, w, w, titleAdvance);
                if (balanced.Count == titleLines.Count)
                {
                    titleLines = balanced;
                    break;
                }
            }
        }

        foreach (var line in titleLines)
        {
            Room(Line);
            Centred(heading, line, title, TitleSize, Baseline(y, Line, TitleSize), XBrushes.Black);
            y += Line;
        }

        // 主送机关: one blank line below the title, flush left, ending with a full-width colon.
        y += Line;
        if (!string.IsNullOrWhiteSpace(letter.Addressee))
        {
            Text(letter.Addressee.TrimEnd().TrimEnd('：', ':') + "：", body, BodySize, BodySpacing, indent: 0);
        }
    }

    /// <summary>Body text on the grid: wraps at 28 characters, the first line indented; full lines are justified.</summary>
    private void Text(string? text, XFont font, double size, double spacing, double indent)
    {
        var codePoints = LineBreaker.CodePoints(text ?? "");
        var lines = LineBreaker.Wrap(codePoints, TypeWidth - indent, TypeWidth, c => Advance(c) * size + spacing);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var x = Left + (i == 0 ? indent : 0);
            var room = TypeWidth - (i == 0 ? indent : 0);
            var gaps = line.End - line.Start - 1;
            var leftover = room - line.Width;
            var gap = line.Wrapped && gaps > 0 && leftover > 0 && leftover < 3 * Pitch ? leftover / gaps : 0;
            Room(Line);
            Draw(codePoints, line.Start, line.End, font, size, x, Baseline(y, Line, size), spacing, gap, XBrushes.Black);
            y += Line;
        }
    }

    private void Table(Table t)
    {
        var columns = t.Columns ?? [];
        if (columns.Count == 0)
        {
            return;
        }

        var rows = t.Rows ?? [];
        for (var r = 0; r < rows.Count; r++)
        {
            if ((rows[r]?.Count ?? 0) > columns.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Table row {r + 1} has {rows[r].Count} cells but the table has {columns.Count} columns."), nameof(t));
            }
        }

        var header = columns.Select(c => LineBreaker.CodePoints(c ?? "")).ToArray();
        var cells = rows.Select(row => Enumerable.Range(0, columns.Count)
            .Select(c => LineBreaker.CodePoints(row is not null && c < row.Count ? row[c] ?? "" : "")).ToArray()).ToList();
        var widths = ColumnWidths(header, cells);

        Cell[] Wrap(int[][] row) => row.Select((text, c) =>
            new Cell(text, LineBreaker.Wrap(text, widths[c] - 2 * CellPadX, widths[c] - 2 * CellPadX, cp => Advance(cp) * TableSize))).ToArray();
        static int Lines(Cell[] row) => Math.Max(1, row.Max(c => c.Lines.Count));
        static double Height(int lines) => lines * CellLine + 2 * CellPadY;

        var headerCells = Wrap(header);
        var headerHeight = Height(Lines(headerCells));
        var wrapped = cells.Select(Wrap).ToList();
        Room(headerHeight + (wrapped.Count > 0 ? Height(Math.Min(Lines(wrapped[0]), 2)) : 0));
        Row(headerCells, 0, Lines(headerCells), widths, tableBold);
        var fresh = true;
        foreach (var row in wrapped)
        {
            var total = Lines(row);
            var from = 0;
            while (from < total)
            {
                var fits = (int)Math.Floor((Bottom - y - 2 * CellPadY) / CellLine + 1e-6);
                if (fits >= total - from)
                {
                    Row(row, from, total, widths, table);
                    from = total;
                    fresh = false;
                }
                else if (fits < 1 || (from == 0 && !fresh && Height(total) <= TypeHeight - headerHeight))
                {
                    if (fresh)
                    {
                        throw new ArgumentException("A table header is taller than a page.", nameof(t));
                    }

                    NewPage();
                    Row(headerCells, 0, Lines(headerCells), widths, tableBold);
                    fresh = true;
                }
                else
                {
                    // A row taller than a page splits between its lines.
                    Row(row, from, from + fits, widths, table);
                    from += fits;
                    NewPage();
                    Row(headerCells, 0, Lines(headerCells), widths, tableBold);
                    fresh = true;
                }
            }
        }

        y += Line / 4; // a little air below the table before the next line of the grid
        SnapToGrid();
    }

    private sealed record Cell(int[] Text, List<TextLine> Lines);

    /// <summary>Draws lines [from, to) of every cell of a row at y, with its rules, and moves below it.</summary>
    private void Row(Cell[] row, int from, int to, double[] widths, XFont font)
    {
        var height = (to - from) * CellLine + 2 * CellPadY;
        var pen = new XPen(XColors.Black, 0.5);
        var x = Left;
        for (var c = 0; c < row.Length; c++)
        {
            for (var l = from; l < Math.Min(to, row[c].Lines.Count); l++)
            {
                var line = row[c].Lines[l];
                var baseline = Baseline(y + CellPadY + (l - from) * CellLine, CellLine, TableSize);
                Draw(row[c].Text, line.Start, line.End, font, TableSize, x + CellPadX, baseline, 0, 0, XBrushes.Black);
            }

            G.DrawRectangle(pen, x, y, widths[c], height);
            x += widths[c];
        }

        y += height;
    }

    /// <summary>Columns get the type area's width like an automatic HTML table: a column whose text fits in its fair share
    /// keeps its natural (unwrapped) width, the rest share what is left by their natural width and wrap. No column is
    /// narrower than its widest character or two characters.</summary>
    private double[] ColumnWidths(int[][] header, List<int[][]> cells)
    {
        var count = header.Length;
        var natural = new double[count];
        var minimum = new double[count];
        for (var c = 0; c < count; c++)
        {
            var texts = new[] { header[c] }.Concat(cells.Select(row => row[c])).ToList();
            var widest = texts.SelectMany(t => t).Where(cp => cp != '\n').Select(cp => Advance(cp) * TableSize).DefaultIfEmpty(0).Max();
            minimum[c] = Math.Max(2 * TableSize, widest) + 2 * CellPadX;
            var longest = texts.SelectMany(t => LineBreaker.Wrap(t, double.MaxValue, double.MaxValue, cp => Advance(cp) * TableSize))
                .Select(l => l.Width).DefaultIfEmpty(0).Max();
            natural[c] = Math.Max(minimum[c], longest + 2 * CellPadX + Tolerance);
        }

        if (minimum.Sum() >= TypeWidth)
        {
            return [.. Enumerable.Repeat(TypeWidth / count, count)];
        }

        var widths = new double[count];
        var open = Enumerable.Range(0, count).ToList();
        var room = TypeWidth;
        bool settled;
        do
        {
            settled = false;
            var share = room / open.Count;
            foreach (var c in open.Where(c => natural[c] <= share).ToList())
            {
                widths[c] = natural[c];
                room -= natural[c];
                open.Remove(c);
                settled = true;
            }
        }
        while (settled && open.Count > 0);

        if (open.Count == 0)
        {
            // Everything fits unwrapped: spread the spare width in proportion.
            return [.. widths.Select(w => w * TypeWidth / widths.Sum())];
        }

        // The wide columns share the rest by natural width, but none below its minimum.
        var minimumOpen = open.Sum(c => minimum[c]);
        if (minimumOpen >= room)
        {
            // Rare: the narrow columns took too much; fall back to minimum plus a proportional share of the spare width.
            var spare = TypeWidth - minimum.Sum();
            var extra = natural.Select((n, c) => n - minimum[c]).ToArray();
            return [.. Enumerable.Range(0, count).Select(c => minimum[c] + spare * extra[c] / extra.Sum())];
        }

        var naturalOpen = open.Sum(c => natural[c]);
        foreach (var c in open)
        {
            widths[c] = natural[c] * room / naturalOpen;
        }

        var shortfall = open.Where(c => widths[c] < minimum[c]).ToList();
        if (shortfall.Count > 0)
        {
            var rest = open.Except(shortfall).ToList();
            var left = room - shortfall.Sum(c => minimum[c]);
            var restNatural = rest.Sum(c => natural[c]);
            foreach (var c in shortfall)
            {
                widths[c] = minimum[c];
            }

            foreach (var c in rest)
            {
                widths[c] = natural[c] * left / restNatural;
            }
        }

        return widths;
    }

    /// <summary>Lines the 落款 takes with the two blank lines above it (three with the verification code beside it).</summary>
    private static int SignatureLines(Letter letter) => 2 + (string.IsNullOrWhiteSpace(letter.VerificationUrl) ? 2 : 3);

    /// <summary>
    /// A page never holds the 落款 alone (GB/T 9704 7.3.5.1: the seal and the date stand with the body's last lines): where
    /// the last paragraph fits on this page but the 落款 after it would not, the paragraph starts the next page with it.
    /// </summary>
    private void KeepWithSignature(string? text, Letter letter)
    {
        var codePoints = LineBreaker.CodePoints(text ?? "");
        var lines = LineBreaker.Wrap(codePoints, TypeWidth - 2 * Pitch, TypeWidth, c => Advance(c) * BodySize + BodySpacing).Count;
        var fits = y + lines * Line <= Bottom + Tolerance;
        var withSignature = y + (lines + SignatureLines(letter)) * Line <= Bottom + Tolerance;
        if (fits && !withSignature && Top + (lines + SignatureLines(letter)) * Line <= Bottom + Tolerance)
        {
            NewPage();
        }
    }

    private void Signature(Letter letter)
    {
        // 落款 with room for a seal (GB/T 9704 7.3.5.1): two blank lines below the body; 成文日期 右空四字, the issuing body's
        // name centred above it. The verification QR code sits at the left of the same lines, captioned 扫码核验.
        var hasCode = !string.IsNullOrWhiteSpace(letter.VerificationUrl);
        var lines = SignatureLines(letter) - 2;
        if (y + (2 + lines) * Line > Bottom + Tolerance)
        {
            NewPage();
        }
        else
        {
            y += 2 * Line;
        }

        var date = LineBreaker.CodePoints(string.Create(CultureInfo.InvariantCulture, $"{letter.Date.Year}年{letter.Date.Month}月{letter.Date.Day}日"));
        var dateWidth = Width(date, 0, date.Length, BodySize, BodySpacing);
        var dateX = Right - 4 * Pitch - dateWidth;
        var name = LineBreaker.CodePoints(letter.Signature ?? "");
        var nameWidth = Width(name, 0, name.Length, BodySize, BodySpacing);
        var nameX = Math.Max(Left, Math.Min(dateX + (dateWidth - nameWidth) / 2, Right - nameWidth));
        Draw(name, 0, name.Length, body, BodySize, nameX, Baseline(y, Line, BodySize), BodySpacing, 0, XBrushes.Black);
        Draw(date, 0, date.Length, body, BodySize, dateX, Baseline(y + Line, Line, BodySize), BodySpacing, 0, XBrushes.Black);

        if (hasCode)
        {
            // The code's dark modules start at the left edge of the type area, level with the top of the signature; the
            // quiet zone around them is the blank paper.
            var top = y + (Line - BodySize) / 2;
            G.DrawRectangles(XBrushes.Black, QrModules(letter.VerificationUrl, Left, top, QrSize));
            var words = LineBreaker.CodePoints("扫码核验");
            var width = Width(words, 0, words.Length, CaptionSize, 0);
            var baseline = top + QrSize + 1.5 * Mm + IdeographicTop * CaptionSize;
            Draw(words, 0, words.Length, caption, CaptionSize, Left + (QrSize - width) / 2, baseline, 0, 0, XBrushes.Black);
        }

        y += lines * Line;
    }

    /// <summary>The QR code (error correction M) as vector rectangles, one per run of dark modules in a row, its symbol
    /// (without the quiet zone) filling size × size from (left, top). Drawn in one fill, so no seams and no image.</summary>
    internal static XRect[] QrModules(string text, double left, double top, double size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var quiet = (matrix.Count - (17 + 4 * data.Version)) / 2;
        var modules = matrix.Count - 2 * quiet;
        var unit = size / modules;
        var rectangles = new List<XRect>();
        for (var row = 0; row < modules; row++)
        {
            var bits = matrix[row + quiet];
            for (var column = 0; column < modules; column++)
            {
                if (!bits[column + quiet])
                {
                    continue;
                }

                var run = column;
                while (run + 1 < modules && bits[run + 1 + quiet])
                {
                    run++;
                }

                rectangles.Add(new XRect(left + column * unit, top + row * unit, (run - column + 1) * unit, unit));
                column = run;
            }
        }

        return [.. rectangles];
    }

    private void Centred(int[] text, TextLine line, XFont font, double size, double baseline, XBrush brush)
    {
        var x = Left + (TypeWidth - line.Width) / 2;
        Draw(text, line.Start, line.End, font, size, x, baseline, 0, 0, brush);
    }

    private double Advance(int codePoint) => Math.Max(0, face.Advance(codePoint));

    private double Width(int[] text, int start, int end, double size, double spacing)
    {
        var width = 0.0;
        for (var i = start; i < end; i++)
        {
            width += Advance(text[i]) * size + spacing;
        }

        return width;
    }

    /// <summary>Draws text[start, end) from x on the baseline; with extra spacing each character is placed on its own.</summary>
    private void Draw(int[] text, int start, int end, XFont font, double size, double x, double baseline, double spacing, double gap, XBrush brush)
    {
        if (end <= start)
        {
            return;
        }

        if (spacing == 0 && gap == 0)
        {
            var run = new StringBuilder(end - start);
            for (var i = start; i < end; i++)
            {
                run.Append(char.ConvertFromUtf32(text[i]));
            }

            G.DrawString(run.ToString(), font, brush, x, baseline);
            return;
        }

        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c != ' ')
            {
                G.DrawString(Character(c), font, brush, x, baseline);
            }

            x += Advance(c) * size + spacing + gap;
        }
    }

    private static string Character(int codePoint)
    {
        if (codePoint >= 0x10000)
        {
            return char.ConvertFromUtf32(codePoint);
        }

        return Strings[codePoint] ??= ((char)codePoint).ToString();
    }
}
