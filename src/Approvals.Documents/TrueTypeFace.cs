using System.Buffers.Binary;

namespace Approvals.Documents;

/// <summary>What the layout needs from a single-face TrueType file: which characters have glyphs, their advance widths,
/// and the vertical metrics. Read once from the file's cmap, hmtx, hhea, head and maxp tables.</summary>
internal sealed class TrueTypeFace
{
    private readonly float[] bmpAdvances;                 // em units per BMP code point; negative = no glyph
    private readonly Dictionary<int, float> otherAdvances; // code points above U+FFFF that have a glyph

    private TrueTypeFace(float[] bmpAdvances, Dictionary<int, float> otherAdvances, double ascent, double descent)
    {
        this.bmpAdvances = bmpAdvances;
        this.otherAdvances = otherAdvances;
        Ascent = ascent;
        Descent = descent;
    }

    /// <summary>hhea ascender, in em (positive, above the baseline).</summary>
    public double Ascent { get; }

    /// <summary>hhea descender, in em (positive, below the baseline).</summary>
    public double Descent { get; }

    public bool HasGlyph(int codePoint) => Advance(codePoint) >= 0;

    /// <summary>The advance width in em, or a negative number when the font has no glyph for the code point.</summary>
    public double Advance(int codePoint) =>
        codePoint < 0x10000 ? bmpAdvances[codePoint] : otherAdvances.TryGetValue(codePoint, out var a) ? a : -1;

    /// <summary>Reads the file's tables; the caller has already checked that the data starts like a TrueType font.</summary>
    /// <exception cref="FormatException">A table is missing or does not read.</exception>
    public static TrueTypeFace Parse(ReadOnlySpan<byte> data)
    {
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        int count = U16(data, 4);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + i * 16;
            var tag = System.Text.Encoding.ASCII.GetString(data.Slice(record, 4));
            var offset = checked((int)U32(data, record + 8));
            var length = checked((int)U32(data, record + 12));
            if (offset < 0 || length < 0 || offset + length > data.Length)
            {
                throw new FormatException($"table '{tag}' lies outside the file");
            }

            tables[tag] = (offset, length);
        }

        foreach (var required in new[] { "cmap", "head", "hhea", "hmtx", "maxp", "glyf", "loca" })
        {
            if (!tables.ContainsKey(required))
            {
                throw new FormatException($"the font has no '{required}' table");
            }
        }

        var head = Table(data, tables["head"]);
        var hhea = Table(data, tables["hhea"]);
        var maxp = Table(data, tables["maxp"]);
        var hmtx = Table(data, tables["hmtx"]);
        double unitsPerEm = U16(head, 18);
        if (unitsPerEm <= 0)
        {
            throw new FormatException("unitsPerEm is 0");
        }

        var ascent = (short)U16(hhea, 4) / unitsPerEm;
        var descent = -(short)U16(hhea, 6) / unitsPerEm;
        int glyphCount = U16(maxp, 4);
        int metricCount = U16(hhea, 34);
        if (metricCount == 0 || metricCount * 4 > hmtx.Length)
        {
            throw new FormatException("the hmtx table is shorter than hhea says");
        }

        var advances = new float[glyphCount];
        for (var g = 0; g < glyphCount; g++)
        {
            advances[g] = (float)(U16(hmtx, 4 * Math.Min(g, metricCount - 1)) / unitsPerEm);
        }

        var bmp = new float[0x10000];
        Array.Fill(bmp, -1f);
        var other = new Dictionary<int, float>();
        void Map(int codePoint, int glyph)
        {
            if (glyph <= 0 || glyph >= glyphCount || codePoint is < 0 or > 0x10FFFF)
            {
                return;
            }

            if (codePoint < 0x10000)
            {
                bmp[codePoint] = advances[glyph];
            }
            else
            {
                other[codePoint] = advances[glyph];
            }
        }

        ReadCmap(Table(data, tables["cmap"]), Map);
        return new TrueTypeFace(bmp, other, ascent, descent);
    }

    private static void ReadCmap(ReadOnlySpan<byte> cmap, Action<int, int> map)
    {
        // Prefer a full-Unicode subtable (format 12), else a BMP one (format 4); both Windows and Unicode platforms.
        int best = -1, bestRank = 0;
        int count = U16(cmap, 2);
        for (var i = 0; i < count; i++)
        {
            var record = 4 + i * 8;
            int platform = U16(cmap, record), encoding = U16(cmap, record + 2);
            var offset = (int)U32(cmap, record + 4);
            if (offset + 4 > cmap.Length)
            {
                continue;
            }

            int format = U16(cmap, offset);
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            var rank = !unicode ? 0 : format == 12 ? 2 : format == 4 ? 1 : 0;
            if (rank > bestRank)
            {
                best = offset;
                bestRank = rank;
            }
        }

        if (best < 0)
        {
            throw new FormatException("the font has no Unicode cmap subtable (format 4 or 12)");
        }

        var table = cmap[best..];
        if (U16(table, 0) == 12)
        {
            var groups = (int)U32(table, 12);
            for (var i = 0; i < groups; i++)
            {
                var g = 16 + i * 12;
                int start = (int)U32(table, g), end = (int)U32(table, g + 4), glyph = (int)U32(table, g + 8);
                for (var c = start; c <= end && c <= 0x10FFFF; c++)
                {
                    map(c, glyph + (c - start));
                }
            }

            return;
        }

        var segments = U16(table, 6) / 2;
        var ends = 14;
        var starts = ends + segments * 2 + 2;
        var deltas = starts + segments * 2;
        var rangeOffsets = deltas + segments * 2;
        for (var s = 0; s < segments; s++)
        {
            int end = U16(table, ends + s * 2), start = U16(table, starts + s * 2);
            var delta = (short)U16(table, deltas + s * 2);
            int rangeOffset = U16(table, rangeOffsets + s * 2);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var at = rangeOffsets + s * 2 + rangeOffset + 2 * (c - start);
                    glyph = at + 2 <= table.Length ? U16(table, at) : 0;
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }

                map(c, glyph);
            }
        }
    }

    private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> data, (int Offset, int Length) table) =>
        data.Slice(table.Offset, table.Length);

    private static ushort U16(ReadOnlySpan<byte> data, int at) =>
        at + 2 <= data.Length ? BinaryPrimitives.ReadUInt16BigEndian(data[at..]) : throw new FormatException("a table is truncated");

    private static uint U32(ReadOnlySpan<byte> data, int at) =>
        at + 4 <= data.Length ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : throw new FormatException("a table is truncated");
}
