using System.Diagnostics;
using System.Globalization;
using Approvals.Documents;

namespace Approvals.Benchmarks;

public sealed record LetterResult(string Kind, int Letters, int Pages, double Seconds, double LettersPerSecond, long BytesPerLetter,
    double AllocatedMbPerLetter, double PeakWorkingSetMb, double FontLoadMs, bool OneCore);

/// <summary>
/// Letters rendered to PDF one after another on one thread (pinned to one core where the OS allows): letters/s, output size,
/// GC allocation per letter and the process's peak working set. Design target: at least 100 one-page letters/s on one core.
/// </summary>
public static class LetterBenchmark
{
    public const string DefaultFont = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";

    /// <summary>The letters measured: a one-page reply, a typical two-page one, and a five-page one with a 40-row table.</summary>
    public static IReadOnlyList<(string Kind, Letter Letter)> Samples { get; } =
    [
        ("short", Short() with { Body = [new Paragraph("经审查，同意你镇全域土地综合整治项目实施方案，请按程序组织实施。"), new Paragraph("此复。")] }),
        ("typical", Short()),
        ("long", Long()),
    ];

    public static LetterResult Run(string fontPath, int letters, string kind, Letter letter)
    {
        var pinned = PinToOneCore(out var affinity);
        try
        {
            var load = Stopwatch.StartNew();
            var renderer = new PdfLetterRenderer(LetterFonts.Load(fontPath));
            load.Stop();

            // Warm up for two seconds, so the JIT's later tiers have compiled the hot paths.
            for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(2);)
            {
                renderer.Render(letter);
            }

            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            long bytes = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < letters; i++)
            {
                bytes += renderer.Render(letter with { Number = string.Create(CultureInfo.InvariantCulture, $"嘉善农〔2026〕{i + 1}号") }).Length;
            }

            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var pages = CountPages(renderer.Render(letter));
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            return new LetterResult(kind, letters, pages, clock.Elapsed.TotalSeconds,
                letters / clock.Elapsed.TotalSeconds, bytes / letters, allocated / 1048576.0 / letters, process.PeakWorkingSet64 / 1048576.0,
                load.Elapsed.TotalMilliseconds, pinned);
        }
        finally
        {
            if (pinned && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
            {
                using var process = Process.GetCurrentProcess();
                process.ProcessorAffinity = affinity;
            }
        }
    }

    private static bool PinToOneCore(out nint previous)
    {
        previous = 0;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return false;
        }

        using var process = Process.GetCurrentProcess();
        previous = process.ProcessorAffinity;
        var mask = (long)previous;
        if (mask == 0)
        {
            return false;
        }

        process.ProcessorAffinity = (nint)(mask & -mask); // the lowest core allowed
        return true;
    }

    private static int CountPages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-zA-Z])");

    /// <summary>A typical approval reply: a few paragraphs over two pages (page 1 holds the red header), a QR code.</summary>
    private static Letter Short() => new(
        IssuerName: "嘉善县农业农村局",
        Number: "嘉善农〔2026〕12号",
        Title: "关于同意嘉善县姚庄镇全域土地综合整治项目实施方案的批复",
        Addressee: "姚庄镇人民政府",
        Body:
        [
            new Paragraph("你局《关于嘉善县姚庄镇全域土地综合整治项目实施方案的请示》（嘉善姚庄〔2026〕8号）收悉。经审查，该项目符合全域土地综合整治试点的有关要求，同意立项。"),
            new Paragraph("项目区涉及姚庄镇横港村、沉香村、展幸村等6个行政村，整治区域总面积2856.37公顷，新增耕地不少于52.6公顷。"),
            new Paragraph("请严格按照批准的实施方案组织实施，加强项目全过程监管，切实维护农民合法权益。"),
            new Paragraph("此复。"),
        ],
        Signature: "嘉善县农业农村局",
        Date: new DateOnly(2026, 11, 22),
        VerificationUrl: "https://approvals.example.org/verify/3f6c1a9e-2b7d-4c1e-9a55-0d1f2e3a4b5c");

    /// <summary>A long letter: headings, paragraphs and a 40-row table over several pages.</summary>
    private static Letter Long()
    {
        var paragraph = string.Concat(Enumerable.Repeat("实施高标准农田建设和旱地改水田，完善田间道路、沟渠等配套设施，提升耕地质量等别；", 4));
        var rows = Enumerable.Range(1, 40).Select(i => (IReadOnlyList<string>)[
            i.ToString(CultureInfo.InvariantCulture), i % 7 == 0 ? "高标准农田建设及田间道路、沟渠、泵站等配套设施提升改造工程" : "农用地整理工程",
            "横港村", (12.5 + i * 1.25).ToString("0.00", CultureInfo.InvariantCulture), (130 + i * 17).ToString(CultureInfo.InvariantCulture)]).ToList();
        return Short() with
        {
            Body =
            [
                .. Short().Body,
                new Heading("一、项目范围和目标", 1), new Paragraph(paragraph),
                new Heading("（一）农用地整理", 2), new Paragraph(paragraph),
                new Heading("二、项目资金安排", 1),
                new Table(["序号", "子项目名称", "所在村", "规模（公顷）", "投资（万元）"], rows),
                new Heading("三、工作要求", 1), new Paragraph(paragraph), new Paragraph(paragraph),
            ],
        };
    }
}
