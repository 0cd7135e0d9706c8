namespace Approvals.Documents;

/// <summary>One line of wrapped text: code points [Start, End) of the source, their natural width, and whether the line
/// ends because it was full (a candidate for justification) rather than at the end of the text or a line feed.</summary>
internal readonly record struct TextLine(int Start, int End, double Width, bool Wrapped);

/// <summary>Breaks text between characters (Chinese needs no spaces), with simple kinsoku: a line does not start with
/// closing punctuation and does not end with opening punctuation (the character before moves down instead), and runs
/// of Latin letters and digits stay whole unless longer than a line.</summary>
internal static class LineBreaker
{
    private const string NoLineStart = "，。、；：？！）」』》〉】〕］｝”’…—·‥～%,.;:?!)]}";
    private const string NoLineEnd = "（「『《〈【〔［｛“‘([{";
    private const double Tolerance = 0.01;

    public static int[] CodePoints(string text)
    {
        var result = new List<int>(text.Length);
        foreach (var rune in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\t', ' ').EnumerateRunes())
        {
            result.Add(rune.Value == '\r' ? '\n' : rune.Value);
        }

        return [.. result];
    }

    /// <param name="text">Code points; '\n' forces a line break.</param>
    /// <param name="firstWidth">Room on the first line (after any indent).</param>
    /// <param name="width">Room on the following lines.</param>
    /// <param name="advance">A code point's advance in points, spacing included.</param>
    public static List<TextLine> Wrap(int[] text, double firstWidth, double width, Func<int, double> advance)
    {
        var lines = new List<TextLine>();
        var room = firstWidth;
        var start = 0;
        var used = 0.0;
        var lastBreak = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                lines.Add(Line(text, start, i, advance, wrapped: false));
                start = ++i;
                used = 0;
                lastBreak = -1;
                room = width;
                continue;
            }

            var a = advance(c);
            if (used + a > room + Tolerance && i > start)
            {
                var end = CanBreakBefore(text, i) ? i : lastBreak > start ? lastBreak : i;
                lines.Add(Line(text, start, end, advance, wrapped: true));
                start = end;
                while (start < text.Length && text[start] == ' ')
                {
                    start++;
                }

                i = start;
                used = 0;
                lastBreak = -1;
                room = width;
                continue;
            }

            used += a;
            i++;
            if (i < text.Length && CanBreakBefore(text, i))
            {
                lastBreak = i;
            }
        }

        if (start < text.Length || lines.Count == 0)
        {
            lines.Add(Line(text, start, text.Length, advance, wrapped: false));
        }

        return lines;
    }

    /// <summary>Whether a line may start at text[i] (i &gt; 0).</summary>
    private static bool CanBreakBefore(int[] text, int i)
    {
        int before = text[i - 1], after = text[i];
        if (after == ' ' || before == ' ')
        {
            return after != ' ';
        }

        return !NoLineStart.Contains((char)Math.Min(after, 0xFFFF), StringComparison.Ordinal)
            && !NoLineEnd.Contains((char)Math.Min(before, 0xFFFF), StringComparison.Ordinal)
            && !(IsWordCharacter(before) && IsWordCharacter(after));
    }

    private static bool IsWordCharacter(int c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
        or '.' or '-' or '_' or '/' or '@' or ':' or '%' or '#' or '&' or '=' or '?' or '+';

    private static TextLine Line(int[] text, int start, int end, Func<int, double> advance, bool wrapped)
    {
        var last = end;
        while (last > start && text[last - 1] == ' ')
        {
            last--;
        }

        var width = 0.0;
        for (var i = start; i < last; i++)
        {
            width += advance(text[i]);
        }

        return new TextLine(start, last, width, wrapped);
    }
}
