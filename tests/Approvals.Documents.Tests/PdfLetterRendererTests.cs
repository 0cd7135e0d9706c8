using System.Globalization;
using System.Text.RegularExpressions;

namespace Approvals.Documents.Tests;

public sealed partial class PdfLetterRendererTests(RenderedLetter rendered) : IClassFixture<RenderedLetter>
{
    private const double Mm = 72 / 25.4;

    [Fact]
    public async Task A_long_letter_runs_to_several_pages()
    {
        var info = await PopplerTools.RunAsync("pdfinfo", rendered.Path);

        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(pages >= 2, $"expected at least 2 pages, pdfinfo says:\n{info}");
        Assert.Contains("595.276 x 841.89 pts (A4)", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_font_is_embedded_as_a_CID_TrueType_subset()
    {
        var output = await PopplerTools.RunAsync("pdffonts", rendered.Path);

        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            // name  type  encoding  emb sub uni  object ID: a subset's name carries a six-letter tag, e.g. ABCDEF+LXGW WenKai.
            Assert.Matches(@"^[A-Z]{6}\+.*\sCID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s", row);
        }
    }

    [Fact]
    public async Task The_text_layer_holds_the_header_body_date_and_page_numbers()
    {
        var text = await PopplerTools.RunAsync("pdftotext", "-enc", "UTF-8", rendered.Path, "-");
        var joined = Whitespace().Replace(text, "");

        Assert.Contains("嘉善县农业农村局", joined, StringComparison.Ordinal);
        Assert.Contains(Whitespace().Replace(rendered.Letter.Title, ""), joined, StringComparison.Ordinal);
        Assert.Contains("嘉善农〔2026〕12号", joined, StringComparison.Ordinal);
        Assert.Contains("姚庄镇人民政府：", joined, StringComparison.Ordinal);
        Assert.Contains(SampleLetters.BodySentence, joined, StringComparison.Ordinal);
        Assert.Contains("一、项目范围和目标", joined, StringComparison.Ordinal);
        Assert.Contains("2026年11月22日", joined, StringComparison.Ordinal);
        Assert.Contains("扫码核验", joined, StringComparison.Ordinal);

        // pdftotext's default mode drops the spaces between CJK-class characters ("—2—"); -raw keeps the content stream's.
        var raw = await PopplerTools.RunAsync("pdftotext", "-raw", "-enc", "UTF-8", rendered.Path, "-");
        Assert.Contains("— 1 —", raw, StringComparison.Ordinal);
        Assert.Contains("— 2 —", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_splits_between_pages_and_repeats_its_header()
    {
        var info = await PopplerTools.RunAsync("pdfinfo", rendered.Path);
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);

        var pagesWithHeader = 0;
        for (var page = 1; page <= pages; page++)
        {
            var number = page.ToString(CultureInfo.InvariantCulture);
            var text = await PopplerTools.RunAsync("pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, rendered.Path, "-");
            if (Whitespace().Replace(text, "").Contains("子项目名称", StringComparison.Ordinal))
            {
                pagesWithHeader++;
            }
        }

        Assert.True(pagesWithHeader >= 2, $"the table header shows on {pagesWithHeader} page(s)");
        var all = Whitespace().Replace(await PopplerTools.RunAsync("pdftotext", "-enc", "UTF-8", rendered.Path, "-"), "");
        Assert.Contains("高标准农田建设及", all, StringComparison.Ordinal); // the start of a wrapped cell
        Assert.Contains("62.50", all, StringComparison.Ordinal);  // the last row (40)
        Assert.Contains("810", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_numbers_sit_7_mm_below_the_type_area_right_on_odd_pages_left_on_even()
    {
        var html = await PopplerTools.RunAsync("pdftotext", "-bbox", "-f", "1", "-l", "2", rendered.Path, "-");

        var pages = html.Split("<page ", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, pages.Count);
        for (var i = 0; i < 2; i++)
        {
            // The page number is the last word on the page that is a bare number between two dashes.
            var words = Word().Matches(pages[i]).Select(m => (
                XMin: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                YMin: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                XMax: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                Text: m.Groups[5].Value)).ToList();
            var number = words.Single(w => w.Text == (i + 1).ToString(CultureInfo.InvariantCulture) && w.YMin > 700);
            var typeAreaBottom = (37 + 225) * Mm;
            Assert.InRange(number.YMin, typeAreaBottom + 5 * Mm, typeAreaBottom + 9 * Mm);
            if (i == 0)
            {
                Assert.True(number.XMin > 300, $"page 1's number should be on the right, is at x = {number.XMin}");
            }
            else
            {
                Assert.True(number.XMax < 300, $"page 2's number should be on the left, is at x = {number.XMax}");
            }
        }
    }

    [Fact]
    public void The_verification_code_is_drawn_module_for_module()
    {
        using var data = QRCoder.QRCodeGenerator.GenerateQrCode(rendered.Letter.VerificationUrl, QRCoder.QRCodeGenerator.ECCLevel.M);
        var quiet = 4;
        var size = data.ModuleMatrix.Count - 2 * quiet;

        // One unit per module: every dark module is covered by exactly one rectangle, every light one by none.
        var rectangles = LetterComposer.QrModules(rendered.Letter.VerificationUrl, 0, 0, size);
        var covered = new int[size, size];
        foreach (var r in rectangles)
        {
            Assert.Equal(1, r.Height, 9);
            for (var x = (int)Math.Round(r.X); x < (int)Math.Round(r.X + r.Width); x++)
            {
                covered[(int)Math.Round(r.Y), x]++;
            }
        }

        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                Assert.Equal(data.ModuleMatrix[row + quiet][column + quiet] ? 1 : 0, covered[row, column]);
            }
        }
    }

    [Fact]
    public async Task The_verification_code_decodes_to_the_url()
    {
        Assert.True(PopplerTools.IsInstalled("zbarimg"), "zbarimg (Debian package zbar-tools) is not installed: scripts/test.sh installs it");
        var info = await PopplerTools.RunAsync("pdfinfo", rendered.Path);
        var last = PagesLine().Match(info).Groups[1].Value;
        var prefix = Path.Combine(Path.GetTempPath(), $"approvals-letter-{Guid.NewGuid():N}");
        await PopplerTools.RunAsync("pdftoppm", "-png", "-r", "150", "-singlefile", "-f", last, "-l", last, rendered.Path, prefix);
        try
        {
            var decoded = await PopplerTools.RunAsync("zbarimg", "-q", "--raw", prefix + ".png");
            Assert.Equal(rendered.Letter.VerificationUrl, decoded.Trim());
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    }

    [Fact]
    public async Task The_date_is_printed_without_zero_padding()
    {
        var letter = SampleLetters.Short() with { Date = new DateOnly(2027, 1, 5) };
        var path = Path.Combine(Path.GetTempPath(), $"approvals-letter-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, new PdfLetterRenderer(SampleLetters.Fonts()).Render(letter));
        try
        {
            var text = await PopplerTools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-");
            Assert.Contains("2027年1月5日", Whitespace().Replace(text, ""), StringComparison.Ordinal);
            Assert.DoesNotContain("— 2 —", text, StringComparison.Ordinal); // the short letter stays on one page
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_character_the_font_lacks_is_refused_by_name()
    {
        var letter = SampleLetters.Short() with { Addressee = "某某\uE000单位" };

        var error = Assert.Throws<LetterFontException>(() => new PdfLetterRenderer(SampleLetters.Fonts()).Render(letter));

        Assert.Contains("U+E000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_render_on_several_threads_at_once()
    {
        var renderer = new PdfLetterRenderer(SampleLetters.Fonts());

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(
            () => renderer.Render(SampleLetters.Long(tableRows: 5 + i)), TestContext.Current.CancellationToken)));

        Assert.All(pdfs, pdf => Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]));
        Assert.Equal(8, pdfs.Select(p => p.Length).Distinct().Count());
    }

    [Fact]
    public void A_heading_level_outside_1_to_4_is_refused()
    {
        var letter = SampleLetters.Short() with { Body = [new Heading("五、其他", 5)] };

        Assert.Throws<ArgumentException>(() => new PdfLetterRenderer(SampleLetters.Fonts()).Render(letter));
    }

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<word xMin=""([\d.]+)"" yMin=""([\d.]+)"" xMax=""([\d.]+)"" yMax=""([\d.]+)"">([^<]*)</word>")]
    private static partial Regex Word();
}
