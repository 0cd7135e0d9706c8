namespace Approvals.Documents.Tests;

public sealed class LetterFontsTests
{
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    [Fact]
    public void The_default_font_loads_and_covers_the_letters_text()
    {
        var fonts = SampleLetters.Fonts();

        Assert.True(fonts.Covers("嘉善县农业农村局 嘉善农〔2026〕12号 2026年11月22日 扫码核验 — 1 —"));
        Assert.False(fonts.Covers("私用区\uE000"));
        Assert.Same(fonts, LetterFonts.Load(SampleLetters.FontPath)); // read once
    }

    [Fact]
    public void A_ttc_path_is_refused()
    {
        var error = Assert.Throws<LetterFontException>(() => LetterFonts.Load("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));

        Assert.Contains(".ttc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_under_a_ttf_name_is_refused_too()
    {
        var path = Path.Combine(Path.GetTempPath(), $"collection-{Guid.NewGuid():N}.ttf");
        File.WriteAllBytes(path, [.. "ttcf"u8, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16]);
        try
        {
            var error = Assert.Throws<LetterFontException>(() => LetterFonts.Load(path));

            Assert.Contains("collection", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var error = Assert.Throws<LetterFontException>(() => LetterFonts.Load("/nonexistent/Letter.ttf"));

        Assert.Contains("/nonexistent/Letter.ttf", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_font_without_CJK_glyphs_is_refused_naming_the_missing_characters()
    {
        Assert.True(File.Exists(DejaVu), $"{DejaVu} is missing (Debian package fonts-dejavu-core)");

        var error = Assert.Throws<LetterFontException>(() => LetterFonts.Load(DejaVu));

        foreach (var character in new[] { "〔", "〕", "年", "月", "日", "号", "扫", "验" })
        {
            Assert.Contains(character, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("U+0031", error.Message, StringComparison.Ordinal); // DejaVu has the digits
    }
}
