using System.Net;

namespace Approvals.FunctionalTests.Api;

/// <summary>Every paginated list reads and checks its page the same way: a page out of range is 422 naming the parameter.</summary>
public sealed class PagingTests() : ApiTestHost(new Dictionary<string, string?> { ["Approvals:DemoProjects"] = "true" })
{
    // Each list with a user who may read it: a clerk's inbox, an entity's projects, a department's notifications, a manager's tasks.
    public static TheoryData<string, string> Lists => new()
    {
        { "/api/inbox", "yaozhuang" },
        { "/api/projects", "yaozhuang" },
        { "/api/notifications", "jx-shuili" },
        { "/api/monitoring/tasks", "jx-xian-bangongshi" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_out_of_range_is_a_422_naming_page_and_pageSize(string list, string user)
    {
        var both = await Api.GetAsync(user, $"{list}?page=0&pageSize=1000", Ct);
        var tooBig = await Api.GetAsync(user, $"{list}?pageSize=101", Ct);
        var negative = await Api.GetAsync(user, $"{list}?page=-1", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.Status);
        Assert.Equal(["page", "pageSize"], both.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.Status);
        Assert.Equal(["pageSize"], tooBig.ErrorFields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative.Status);
        Assert.Equal(["page"], negative.ErrorFields);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_that_is_not_a_number_is_a_400_naming_the_parameter(string list, string user)
    {
        var page = await Api.GetAsync(user, $"{list}?page=abc", Ct);
        var pageSize = await Api.GetAsync(user, $"{list}?pageSize=1.5", Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (page.Status, pageSize.Status));
        Assert.Equal(["page"], page.ErrorFields);
        Assert.Equal(["pageSize"], pageSize.ErrorFields);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_in_range_is_answered_with_its_number_and_size(string list, string user)
    {
        var first = (await Api.GetAsync(user, $"{list}?page=1&pageSize=1", Ct)).Expect(HttpStatusCode.OK).Json;
        var defaults = (await Api.GetAsync(user, list, Ct)).Expect(HttpStatusCode.OK).Json;
        var largest = (await Api.GetAsync(user, $"{list}?pageSize=100", Ct)).Expect(HttpStatusCode.OK).Json;

        Assert.Equal((1, 1), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32()));
        Assert.True(first.GetProperty("items").GetArrayLength() <= 1);
        Assert.Equal((1, 20), (defaults.GetProperty("page").GetInt32(), defaults.GetProperty("pageSize").GetInt32()));
        Assert.Equal(100, largest.GetProperty("pageSize").GetInt32());
        Assert.Equal(first.GetProperty("total").GetInt32(), defaults.GetProperty("total").GetInt32());
    }
}
