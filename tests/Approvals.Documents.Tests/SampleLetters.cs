using System.Globalization;

namespace Approvals.Documents.Tests;

/// <summary>Letters for the tests and the benchmark, and the font they are set in.</summary>
public static class SampleLetters
{
    /// <summary>This machine's default letter font (Debian package fonts-lxgw-wenkai).</summary>
    public const string FontPath = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";

    public const string BodySentence = "经审查，该项目符合全域土地综合整治试点的有关要求，同意立项。";

    public static LetterFonts Fonts()
    {
        Assert.True(File.Exists(FontPath), $"The letter font {FontPath} is missing: apt-get install -y fonts-lxgw-wenkai");
        return LetterFonts.Load(FontPath);
    }

    /// <summary>A reply long enough for several pages: headings of both levels, paragraphs, and a table that splits.</summary>
    public static Letter Long(int tableRows = 40)
    {
        var body = new List<LetterBlock>
        {
            new Paragraph("你局《关于嘉善县姚庄镇全域土地综合整治项目实施方案的请示》（嘉善姚庄〔2026〕8号）收悉。" + BodySentence
                + "现将有关事项批复如下："),
            new Heading("一、项目范围和目标", 1),
            new Paragraph("项目区涉及姚庄镇横港村、沉香村、展幸村等6个行政村，整治区域总面积2856.37公顷。通过农用地整理、"
                + "建设用地整理和乡村生态保护修复，新增耕地不少于52.6公顷，永久基本农田调整面积控制在调整前面积的5%以内，"
                + "确保整治区域内耕地数量有增加、质量有提升、生态有改善、布局更集中连片。"),
            new Heading("（一）农用地整理", 2),
            new Paragraph(Repeat("实施高标准农田建设和旱地改水田，完善田间道路、沟渠等配套设施，提升耕地质量等别；", 4)),
            new Heading("（二）建设用地整理", 2),
            new Paragraph(Repeat("稳妥有序推进农村低效建设用地复垦，腾退的建设用地指标优先保障农村一二三产业融合发展用地需求；", 4)),
            new Heading("二、项目资金安排", 1),
            new Paragraph("项目总投资估算如下表所示，资金来源包括财政专项资金、社会资本和村集体经济组织自筹资金。"),
            new Table(
                ["序号", "子项目名称", "所在村", "规模（公顷）", "投资（万元）"],
                [.. Enumerable.Range(1, tableRows).Select(i => (IReadOnlyList<string>)[
                    i.ToString(CultureInfo.InvariantCulture),
                    i % 7 == 0 ? "高标准农田建设及田间道路、沟渠、泵站等配套设施提升改造工程" : "农用地整理工程",
                    (i % 3) switch { 0 => "横港村", 1 => "沉香村", _ => "展幸村" },
                    (12.5 + i * 1.25).ToString("0.00", CultureInfo.InvariantCulture),
                    (130 + i * 17).ToString(CultureInfo.InvariantCulture)])]),
            new Heading("三、工作要求", 1),
            new Paragraph(Repeat("请你局严格按照批准的实施方案组织实施，加强项目全过程监管，切实维护农民合法权益。", 3)),
            new Paragraph("项目实施过程中如需调整，应按程序报批。本批复自印发之日起生效。"),
        };
        return new Letter(
            IssuerName: "嘉善县农业农村局",
            Number: "嘉善农〔2026〕12号",
            Title: "关于同意嘉善县姚庄镇全域土地综合整治项目实施方案的批复",
            Addressee: "姚庄镇人民政府",
            Body: body,
            Signature: "嘉善县农业农村局",
            Date: new DateOnly(2026, 11, 22),
            VerificationUrl: "https://approvals.example.org/verify/3f6c1a9e-2b7d-4c1e-9a55-0d1f2e3a4b5c");
    }

    /// <summary>A one-page letter, the common case.</summary>
    public static Letter Short() => Long() with
    {
        Body = [new Paragraph(BodySentence), new Paragraph("此复。")],
    };

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));
}
