using System.Net;
using Approvals.FunctionalTests.Cases;

namespace Approvals.FunctionalTests.Api;

/// <summary>JSON answers keep Chinese as it is, readable in any client or log, and still escape what HTML treats as markup.</summary>
public sealed class JsonAnswerTests : ApiTestHost
{
    [Fact]
    public async Task Chinese_is_written_as_it_is_and_markup_characters_are_escaped()
    {
        var created = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("北鹤<b>片区</b> & \"试点\""), Ct))
            .Expect(HttpStatusCode.Created).Json;

        using var response = await Api.GetRawAsync("yaozhuang", $"/api/projects/{created.GetProperty("id").GetString()}", Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("北鹤", raw, StringComparison.Ordinal);
        Assert.Contains("桃源村", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u5317", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cb\\u003E", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u0026", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("北鹤<b>片区</b> & \"试点\"", System.Text.Json.JsonDocument.Parse(raw).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_refusal_names_its_problem_in_Chinese_as_it_is()
    {
        using var response = await Api.GetRawAsync("yaozhuang", "/api/inbox?page=0", Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("页码从1开始", raw, StringComparison.Ordinal);
    }
}
