using System.Globalization;
using Approvals.Documents;
using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Documents.Composers;

/// <summary>The pieces every letter is written with: numbered sections, participants, dates, outcomes, figures.</summary>
public static class LetterText
{
    private const string Numerals = "一二三四五六七八九十";

    /// <summary>一、二、三… (up to 十).</summary>
    public static string Numeral(int index) => index < Numerals.Length ? Numerals[index].ToString() : (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Headed sections numbered 一、二、三… in order, leaving out those with nothing to say.</summary>
    public static IEnumerable<LetterBlock> Sections(params (string Title, IReadOnlyList<LetterBlock> Blocks)?[] sections)
    {
        var number = 0;
        foreach (var (title, blocks) in sections.OfType<(string, IReadOnlyList<LetterBlock>)>())
        {
            yield return new Heading($"{Numeral(number++)}、{title}", 1);
            foreach (var block in blocks)
            {
                yield return block;
            }
        }
    }

    /// <summary>参加验收人员, villagers' representatives marked as such.</summary>
    public static (string, IReadOnlyList<LetterBlock>)? Participants(IReadOnlyList<Participant>? participants) =>
        participants is { Count: > 0 }
            ? ("参加验收人员", [new Table(["序号", "姓名", "单位", "身份"], [.. participants.Select((p, i) => (IReadOnlyList<string>)[
                Ordinal(i), p.Name, p.Organisation ?? "", Participant.Roles.GetValueOrDefault(p.Role, p.Role)])])])
            : null;

    public static string Ordinal(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    public static string OutcomeName(string? outcome) => outcome switch
    {
        "approve" => "通过",
        "return" => "退回补正",
        "reject" => "不予通过",
        _ => "",
    };

    public static string Date(DateTimeOffset? at) => at is { } value ? ChinaStandardTime.Written(ChinaStandardTime.DateOf(value)) : "";

    public static string Date(DateOnly date) => ChinaStandardTime.Written(date);

    /// <summary>The last day of a deadline that ends at the end of a working day (the instant is the next day's start).</summary>
    public static string LastDay(DateTimeOffset deadline) => Date(deadline.AddTicks(-1));

    /// <summary>Text as a sentence: a full stop added where it ends without punctuation.</summary>
    public static string Sentence(string text) => text.Length == 0 || "。！？；…”".Contains(text[^1], StringComparison.Ordinal) ? text : text + "。";

    public static string Amount(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Figures as rows of 指标 / 数值 / 单位, by their catalogue names, in catalogue order; a code the catalogue does not know is left out.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> FigureRows(Catalogue catalogue, IReadOnlyDictionary<string, decimal> figures) =>
        [.. catalogue.Facts.Where(f => figures.ContainsKey(f.Code))
            .Select(f => (IReadOnlyList<string>)[f.Name, Amount(figures[f.Code]), f.Unit ?? ""])];

    /// <summary>A ratio as a percentage with two decimals: 4.00%.</summary>
    public static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "" : (part / whole * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>市级, 县级 …: the level of government as a letter names it (an autonomous region's is 自治区级).</summary>
    public static string LevelName(string? level, Region region) => level switch
    {
        "ministry" => "国家",
        "province" => region.Name.EndsWith("自治区", StringComparison.Ordinal) ? "自治区级" : "省级",
        "city" => "市级",
        "county" => "县级",
        "town" => "乡镇级",
        _ => "",
    };
}
