using System.Text.RegularExpressions;

namespace Approvals.Documents.Tests;

/// <summary>GB/T 9704: the 落款 (issuer, date, seal) never stands on a page of its own, whatever length the body has.</summary>
public sealed partial class SignaturePageTests
{
    [Fact]
    public async Task However_long_the_body_the_signature_never_stands_alone_on_its_page()
    {
        var renderer = new PdfLetterRenderer(SampleLetters.Fonts());
        var lonely = new List<int>();
        for (var paragraphs = 1; paragraphs <= 24; paragraphs++)
        {
            var letter = SampleLetters.Short() with
            {
                Body = [.. Enumerable.Range(1, paragraphs).Select(i => (LetterBlock)new Paragraph($"第{i}段。" + SampleLetters.BodySentence + SampleLetters.BodySentence))],
            };
            var path = Path.Combine(Path.GetTempPath(), $"approvals-signature-{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(path, renderer.Render(letter), TestContext.Current.CancellationToken);
            try
            {
                var pages = (await PopplerTools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-")).Split('\f', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => Whitespace().Replace(p, "")).Where(p => p.Length > 0).ToList();
                var last = pages[^1].Replace(letter.Signature, "", StringComparison.Ordinal).Replace("2026年11月22日", "", StringComparison.Ordinal)
                    .Replace("扫码核验", "", StringComparison.Ordinal);
                if (PageNumber().Replace(last, "").Length == 0)
                {
                    lonely.Add(paragraphs);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.True(lonely.Count == 0, $"the signature stood alone on its page with {string.Join(", ", lonely)} paragraphs");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("—\\d+—")]
    private static partial Regex PageNumber();
}
