using System.Text;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>Lists as CSV that Excel opens with its Chinese intact: UTF-8 with a byte order mark, RFC 4180 quoting.</summary>
public static class CsvExport
{
    public static IResult File(string name, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        Line(text, headers);
        foreach (var row in rows)
        {
            Line(text, row);
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", name);
    }

    /// <summary>A count as a cell: digits only, whatever the server's culture.</summary>
    public static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i] ?? "";
            // A leading =, +, - or @ would be a formula to a spreadsheet: quoted with a leading apostrophe instead.
            if (cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal)
                && !decimal.TryParse(cell, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                cell = "'" + cell;
            }

            text.Append(cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell);
        }

        text.Append("\r\n");
    }
}
