using Approvals.Engine.Calendar;

namespace Approvals.Engine.Tests.Calendar;

public class CalendarDataTests
{
    private const string FileName = "test-calendar.json";

    // The holiday arrangements as DOMAIN.md §3 states them (its machine-readable block), kept here apart from the
    // data file so a typo in either one shows up.
    private const string DomainText = """
        2024: 01-01; 02-10..02-17; 04-04..04-06; 05-01..05-05; 06-10; 09-15..09-17; 10-01..10-07
        2025: 01-01; 01-28..02-04; 04-04..04-06; 05-01..05-05; 05-31..06-02; 10-01..10-08
        2026: 01-01..01-03; 02-15..02-23; 04-04..04-06; 05-01..05-05; 06-19..06-21; 09-25..09-27; 10-01..10-07
        work 2024: 02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12
        work 2025: 01-26 02-08 04-27 09-28 10-11
        work 2026: 01-04 02-14 02-28 05-09 09-20 10-10
        """;

    [Fact]
    public void The_statutory_file_holds_2024_to_2026_exactly_as_researched()
    {
        var data = StatutoryCalendar.Data;

        Assert.Equal([2024, 2025, 2026], data.Years.Select(y => y.Year));
        foreach (var line in DomainText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var working = line.StartsWith("work ", StringComparison.Ordinal);
            var year = int.Parse(line[(working ? 5 : 0)..][..4], System.Globalization.CultureInfo.InvariantCulture);
            var entries = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]
                .Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries);
            var inFile = data.Years.Single(y => y.Year == year);
            if (working)
            {
                Assert.Equal(entries.Select(e => Date(year, e)), inFile.WorkingWeekends);
            }
            else
            {
                var ranges = entries.Select(e => e.Split("..")).Select(p => (Date(year, p[0]), Date(year, p.Length == 2 ? p[1] : p[0])));
                Assert.Equal(ranges, inFile.Holidays.Select(h => (h.From, h.To)));
            }
        }
    }

    [Fact]
    public void The_statutory_file_names_its_holidays_and_sources()
    {
        var data = StatutoryCalendar.Data;

        Assert.False(string.IsNullOrWhiteSpace(data.Name));
        Assert.Equal(["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"], data.Years[0].Holidays.Select(h => h.Name));
        Assert.Equal("国庆节、中秋节", data.Years[1].Holidays[^1].Name);
        Assert.Contains("国办发明电〔2023〕7号", data.Years[0].Source, StringComparison.Ordinal);
        Assert.Contains("2023-10-25", data.Years[0].Source, StringComparison.Ordinal);
        Assert.Contains("国办发明电〔2024〕12号", data.Years[1].Source, StringComparison.Ordinal);
        Assert.Contains("2024-11-12", data.Years[1].Source, StringComparison.Ordinal);
        Assert.Contains("2025-11-04", data.Years[2].Source, StringComparison.Ordinal);
        Assert.Contains("UNCONFIRMED", data.Years[2].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimal_calendar_is_read_into_records()
    {
        var data = CalendarData.Parse(Document(YearWorking(2030, """{ "name": "元旦", "from": "2030-01-01", "to": "2030-01-01" }""", "\"2030-01-05\"")), FileName);

        var year = Assert.Single(data.Years);
        Assert.Equal(2030, year.Year);
        Assert.Equal("notice", year.Source);
        Assert.Equal(new HolidayRange("元旦", new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 1)), Assert.Single(year.Holidays));
        Assert.Equal(new DateOnly(2030, 1, 5), Assert.Single(year.WorkingWeekends));
    }

    [Fact]
    public void Properties_starting_with_a_dollar_are_notes_and_ignored()
    {
        var json = """{ "$comment": ["a", "b"], "name": "n", "years": [ { "$comment": 1, "year": 2030, "source": "s", "holidays": [], "workingWeekends": [] } ] }""";
        Assert.Equal(2030, Assert.Single(CalendarData.Parse(json, FileName).Years).Year);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        // Shape
        { "{ \"name\": \"n\", ", "$", "is not valid JSON" },
        { "{\n  \"name\": \"n\"\n  \"years\": []\n}", "$", "is not valid JSON at line 3, byte 3: '\"' is invalid after a value" },
        { "[]", "$", "must be an object, not an array" },
        { """{ "years": [] }""", "$.name", "is required" },
        { """{ "name": "n" }""", "$.years", "is required" },
        { """{ "name": "n", "years": {} }""", "$.years", "must be an array" },
        { """{ "name": "n", "years": [], "yaers": [] }""", "$.yaers", "is not a known property" },
        { """{ "name": "n", "name": "m", "years": [] }""", "$.name", "appears twice" },
        { """{ "name": 7, "years": [] }""", "$.name", "7 is not a string" },
        { """{ "name": " ", "years": [] }""", "$.name", "must not be empty" },
        { Document("""{ "year": "2030", "source": "s", "holidays": [], "workingWeekends": [] }"""), "$.years[0].year", "\"2030\" is not a whole number" },
        { Document("""{ "year": 2030.5, "source": "s", "holidays": [], "workingWeekends": [] }"""), "$.years[0].year", "2030.5 is not a whole number" },
        { Document("""{ "year": 2030, "holidays": [], "workingWeekends": [] }"""), "$.years[0].source", "is required" },
        { Document("""{ "year": 2030, "source": "", "holidays": [], "workingWeekends": [] }"""), "$.years[0].source", "must name the notice" },
        { Document("""{ "year": 2030, "source": "s", "holiday": [], "workingWeekends": [] }"""), "$.years[0].holiday", "is not a known property" },
        { Document("""{ "year": 2030, "source": "s", "holidays": [] }"""), "$.years[0].workingWeekends", "is required" },
        { Document(Year(2030, """{ "from": "2030-01-01", "to": "2030-01-01" }""")), "$.years[0].holidays[0].name", "is required" },
        { Document(Year(2030, """{ "name": "", "from": "2030-01-01", "to": "2030-01-01" }""")), "$.years[0].holidays[0].name", "must not be empty" },
        // Dates
        {
            Document(
                Year(2024, """{ "name": "元旦", "from": "2024-01-01", "to": "2024-01-01" }"""),
                Year(2025, """{ "name": "元旦", "from": "2025-01-01", "to": "2025-01-01" }""", """{ "name": "春节", "from": "2025-01-28", "to": "2025-02-04" }""", """{ "name": "清明节", "from": "2025-04-04", "to": "2025-13-01" }""")),
            "$.years[1].holidays[2].to", "2025-13-01 is not a date (yyyy-MM-dd)"
        },
        { Document(Year(2030, """{ "name": "元旦", "from": "2030-1-1", "to": "2030-01-01" }""")), "$.years[0].holidays[0].from", "2030-1-1 is not a date (yyyy-MM-dd)" },
        { Document(Year(2030, """{ "name": "元旦", "from": "2030-02-30", "to": "2030-03-01" }""")), "$.years[0].holidays[0].from", "2030-02-30 is not a date" },
        { Document(Year(2030, """{ "name": "元旦", "from": 20300101, "to": "2030-01-01" }""")), "$.years[0].holidays[0].from", "20300101 is not a date string" },
        { Document(YearWorking(2030, "", "\"2030-01-05T00:00:00\"")), "$.years[0].workingWeekends[0]", "2030-01-05T00:00:00 is not a date (yyyy-MM-dd)" },
        // Consistency
        { Document(Year(2030, """{ "name": "春节", "from": "2030-02-06", "to": "2030-02-02" }""")), "$.years[0].holidays[0].to", "2030-02-02 is before from (2030-02-06)" },
        { Document(Year(2030, """{ "name": "元旦", "from": "2029-12-31", "to": "2030-01-01" }""")), "$.years[0].holidays[0].from", "2029-12-31 is not in 2030" },
        { Document(Year(2030, """{ "name": "国庆节", "from": "2030-10-01", "to": "2031-01-01" }""")), "$.years[0].holidays[0].to", "2031-01-01 is not in 2030" },
        { Document(YearWorking(2030, "", "\"2031-01-04\"")), "$.years[0].workingWeekends[0]", "2031-01-04 is not in 2030" },
        { Document(YearWorking(2030, "", "\"2030-01-05\"", "\"2030-01-07\"")), "$.years[0].workingWeekends[1]", "2030-01-07 is a Monday, not a Saturday or Sunday" },
        {
            Document(YearWorking(2030, """{ "name": "春节", "from": "2030-02-02", "to": "2030-02-10" }""", "\"2030-02-09\"")),
            "$.years[0].workingWeekends[0]", "2030-02-09 lies inside 春节 2030-02-02..2030-02-10 at $.years[0].holidays[0]"
        },
        { Document(YearWorking(2030, "", "\"2030-01-05\"", "\"2030-01-05\"")), "$.years[0].workingWeekends[1]", "2030-01-05 is listed twice (first at $.years[0].workingWeekends[0])" },
        {
            Document(Year(2030, """{ "name": "劳动节", "from": "2030-05-01", "to": "2030-05-05" }""", """{ "name": "端午节", "from": "2030-05-05", "to": "2030-05-07" }""")),
            "$.years[0].holidays[1]", "端午节 2030-05-05..2030-05-07 overlaps 劳动节 2030-05-01..2030-05-05 at $.years[0].holidays[0]"
        },
        { Document(Year(2030), Year(2031), Year(2030)), "$.years[2].year", "2030 is listed twice (first at $.years[0])" },
        { Document(Year(1900)), "$.years[0].year", "1900 is outside 1949..2999" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_data_is_rejected_naming_the_file_and_the_JSON_path(string json, string path, string problem)
    {
        var error = Assert.Throws<CalendarDataException>(() => CalendarData.Parse(json, FileName));

        Assert.Equal(FileName, error.FileName);
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"{FileName}: {path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_reads_file_path_problem()
    {
        var json = Document(
            Year(2024),
            Year(2025, """{ "name": "元旦", "from": "2025-01-01", "to": "2025-01-01" }""", """{ "name": "春节", "from": "2025-01-28", "to": "2025-02-04" }""", """{ "name": "清明节", "from": "2025-04-04", "to": "2025-13-01" }"""));

        var error = Assert.Throws<CalendarDataException>(() => CalendarData.Parse(json, "cn-statutory.json"));

        Assert.Equal("cn-statutory.json: $.years[1].holidays[2].to: 2025-13-01 is not a date (yyyy-MM-dd)", error.Message);
    }

    [Fact]
    public void Data_built_in_code_is_held_to_the_same_rules()
    {
        var data = new CalendarData("n", [new CalendarYear(2030, "s", [], [new DateOnly(2030, 1, 7)])]);

        var error = Assert.Throws<CalendarDataException>(() => new WorkingDayCalendar(data));
        Assert.Equal("$.years[0].workingWeekends[0]", error.JsonPath);
    }

    private static string Document(params string[] years) => $$"""{ "name": "test", "years": [ {{string.Join(", ", years)}} ] }""";

    private static string YearWorking(int year, string holidays, params string[] workingWeekends) =>
        $$"""{ "year": {{year}}, "source": "notice", "holidays": [ {{holidays}} ], "workingWeekends": [ {{string.Join(", ", workingWeekends)}} ] }""";

    private static string Year(int year, params string[] holidays) =>
        $$"""{ "year": {{year}}, "source": "notice", "holidays": [ {{string.Join(", ", holidays)}} ], "workingWeekends": [] }""";

    private static DateOnly Date(int year, string monthDay) =>
        DateOnly.ParseExact($"{year}-{monthDay}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
