using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Approvals.FunctionalTests.Security.AuthorisationWorld;

namespace Approvals.FunctionalTests.Security;

/// <summary>
/// Who may call what, as a table: every endpoint under /api × every kind of user × in scope / out of scope, over
/// HTTP against the real app (<see cref="AuthorisationWorld"/>). Not signed in → 401 (sign-in itself excepted);
/// out of scope → 403 with nothing about the project or task in the answer (lists: 200 and nothing of theirs);
/// in scope → the answer the state gives, never 401/403. Commands are sent with bodies that fail validation, so
/// that no row changes what another row sees, and an outsider's 403 is shown to come before validation.
/// </summary>
/// <remarks>
/// The users (password <c>DemoData.Password</c>; the last six are added by <see cref="AuthorisationWorld"/>):
/// <code>
/// user                organisation                                   what they are to the Jiaxing projects (嘉善县 姚庄镇)
/// yaozhuang           330421102/implementing-entity 姚庄镇            the implementing entity
/// jx-nongye           330421/agriculture-rural 嘉善县农业农村局        county department with sub-projects ({dept-task} is its)
/// jx-shuili           330421/water-resources 嘉善县水利局             county department with sub-projects (its own task, not {dept-task})
/// jx-jiaotong         330421/transport 嘉善县交通运输局               county department with sub-projects
/// jx-ziranziyuan      330421/natural-resources 嘉善县自然资源和规划局   county department without sub-projects
/// jx-xian-bangongshi  330421/leading-group-office 嘉善县领导小组办公室  the county's leading group office ({lgo-task} is its)
/// jx-shi-ziranziyuan  330400/natural-resources 嘉兴市自然资源和规划局   city department ({city-task} is its)
/// jx-shi-bangongshi   330400/leading-group-office 嘉兴市领导小组办公室  the city's leading group office ({batch} is its)
/// beihe               330421102201/village-committee 北鹤村           committee of a village of the project
/// taoyuan             330421102202/village-committee 桃源村           committee of a village of the project ({village-task} is its)
/// nanhu-nongye        330402/agriculture-rural 南湖区农业农村局        same department, another county of the same city
/// nanhu-bangongshi    330402/leading-group-office 南湖区领导小组办公室  another county's leading group office
/// xitang              330421101/implementing-entity 西塘镇            another town's implementing entity
/// henggang            330421102203/village-committee 横港村           committee of a village of the town that is in no project
/// zj-ziranziyuan      330000/natural-resources 浙江省自然资源厅        province department
/// sx-ziranziyuan      330600/natural-resources 绍兴市自然资源和规划局   department of another city
/// </code>
/// </remarks>
public sealed class AuthorisationTableTests(AuthorisationWorld world) : IClassFixture<AuthorisationWorld>
{
    public const string Anonymous = "anonymous";

    /// <summary>An expected status meaning: whatever the state gives, but neither 401 nor 403 (nor a 5xx).</summary>
    public const int NotDenied = 0;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Authorisation(string endpoint, string user, string scope, int expected)
    {
        var (method, template, variant) = Parse(endpoint);
        var caller = user == Anonymous ? null : user;
        var (status, text) = await SendAsync(method, world.Resolve(template), variant, caller);

        if (expected == NotDenied)
        {
            Assert.True(status is not (401 or 403) and < 500, $"{endpoint} as {user} ({scope}): expected neither 401 nor 403, got {status}: {text}");
        }
        else
        {
            Assert.True(status == expected, $"{endpoint} as {user} ({scope}): expected {expected}, got {status}: {text}");
        }

        if (scope == "in")
        {
            // The lists an outsider sees empty are not empty for those in scope.
            if (ShownToInsiders.TryGetValue(endpoint, out var shown))
            {
                Assert.Contains(world.Names[shown], text, StringComparison.Ordinal);
            }

            return;
        }

        // Refused (or shown an empty list): nothing about the projects or their tasks in the answer.
        foreach (var secret in world.Secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{endpoint} as {user} ({scope}) leaked '{secret}': {text}");
        }

        if (status == 200)
        {
            var json = JsonDocument.Parse(text).RootElement;
            if (json.ValueKind == JsonValueKind.Array)
            {
                Assert.Equal(0, json.GetArrayLength());
            }
            else
            {
                Assert.Equal(0, json.GetProperty("total").GetInt32());
                Assert.Equal(0, json.GetProperty("items").GetArrayLength());
            }
        }
    }

    [Fact]
    public void Every_api_endpoint_has_an_anonymous_row_and_an_out_of_scope_row()
    {
        var endpoints = world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct()
            .ToList();
        Assert.True(endpoints.Count >= 30, $"Only {endpoints.Count} endpoints found under /api: {string.Join(", ", endpoints)}");

        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var rows = Rows.Where(r => Matches(r.Endpoint, endpoint)).ToList();
            if (!rows.Any(r => r.Scope == "anonymous"))
            {
                problems.Add($"{endpoint}: no anonymous row");
            }

            if (!NoOneIsOutOfScope.Contains(endpoint) && !rows.Any(r => r.Scope == "out"))
            {
                problems.Add($"{endpoint}: no out-of-scope row");
            }
        }

        problems.AddRange(Rows.Where(r => !endpoints.Any(e => Matches(r.Endpoint, e))).Select(r => $"{r.Endpoint}: no such endpoint").Distinct());
        problems.AddRange(Rows.GroupBy(r => (r.Endpoint, r.User)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Endpoint} as {g.Key.User}: more than one row"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Lists whose in-scope answers name a project of the world (placeholder of its name).</summary>
    private static readonly Dictionary<string, string> ShownToInsiders = new()
    {
        ["GET /api/inbox?project={project}"] = "{project}",
        ["GET /api/projects"] = "{project}",
        ["GET /api/batches/waiting"] = "{batch}",
        ["GET /api/batches"] = "{batch}",
        ["GET /api/monitoring/tasks?pageSize=100"] = "{project}",
    };

    /// <summary>Endpoints about the caller alone (signing in and out, who am I): no one is out of their scope.</summary>
    private static readonly string[] NoOneIsOutOfScope =
        ["POST /api/auth/token", "POST /api/auth/login", "POST /api/auth/logout", "GET /api/me", "GET /api/notifications", "GET /api/notifications/unread-count", "POST /api/notifications/read-all",
         "GET /api/webhooks/mine", "PUT /api/webhooks/mine", "GET /api/webhooks/mine/deliveries",
         "POST /api/webhooks/mine/deliveries/{deliveryId:guid}/replay"]; // another organisation's delivery: 403, in WebhookTests

    // ── The table ────────────────────────────────────────────────────────────────────────────────────────────────

    private static readonly string[] AllUsers =
    [
        "yaozhuang", "jx-nongye", "jx-shuili", "jx-jiaotong", "jx-ziranziyuan", "jx-xian-bangongshi", "jx-shi-ziranziyuan", "jx-shi-bangongshi",
        "beihe", "taoyuan", "nanhu-nongye", "nanhu-bangongshi", "xitang", "henggang", "zj-ziranziyuan", "sx-ziranziyuan",
    ];

    /// <summary>Who sees the Jiaxing projects: the implementing entity, departments of 嘉善县, 嘉兴市 and 浙江省, the committees of its villages.</summary>
    private static readonly string[] ProjectInsiders =
        ["yaozhuang", "jx-nongye", "jx-ziranziyuan", "jx-xian-bangongshi", "jx-shi-ziranziyuan", "jx-shi-bangongshi", "zj-ziranziyuan", "beihe", "taoyuan"];

    /// <summary>Who does not: another town's entity, another county's or city's departments, a village in no project.</summary>
    /// <summary>A written vote that does not exist: in scope the answer is 404, out of scope 403 before it is looked for.</summary>
    private const string NoSuchVote = "{no-such-vote}";

    private static readonly string[] ProjectOutsiders = ["xitang", "nanhu-nongye", "nanhu-bangongshi", "sx-ziranziyuan", "henggang"];

    /// <summary>Those who see the projects but may neither edit nor start them (only the entity and the county's office may).</summary>
    private static readonly string[] SeeButMayNotEdit =
        ["jx-nongye", "jx-ziranziyuan", "jx-shi-ziranziyuan", "jx-shi-bangongshi", "zj-ziranziyuan", "beihe", "taoyuan"];

    private static readonly string[] TaskCommands = ["claim", "release", "delegate", "complete", "return", "accept-with-deferral", "supplement", "object", "sign-off"];

    /// <summary>Each kind of task: the one party it is addressed to, and those who must be refused it.</summary>
    private static readonly (string Task, string Addressee, string[] Outsiders)[] Tasks =
    [
        ("{dept-task}", "jx-nongye", // 嘉善县农业农村局's confirmation of its sub-projects
            ["jx-shuili", "jx-ziranziyuan", "jx-xian-bangongshi", "nanhu-nongye", "jx-shi-ziranziyuan", "jx-shi-bangongshi", "zj-ziranziyuan", "sx-ziranziyuan",
             "yaozhuang", "xitang", "beihe", "henggang"]),
        ("{ie-task}", "yaozhuang", // the town selects its sub-projects
            ["xitang", "jx-xian-bangongshi", "jx-nongye", "beihe"]),
        ("{city-task}", "jx-shi-ziranziyuan", // the city bureau approves the establishment
            ["jx-ziranziyuan", "zj-ziranziyuan", "sx-ziranziyuan", "jx-shi-bangongshi", "yaozhuang", "xitang"]),
        ("{village-task}", "taoyuan", // 桃源村 gathers its villagers' opinions (北鹤村 has, and waits for its vote)
            ["beihe", "henggang", "jx-nongye", "jx-xian-bangongshi", "yaozhuang", "xitang"]),
        ("{lgo-task}", "jx-xian-bangongshi", // the county leading group's overall acceptance
            ["jx-shi-bangongshi", "nanhu-bangongshi", "jx-nongye", "yaozhuang", "xitang"]),
    ];

    public sealed record Row(string Endpoint, string User, string Scope, int Expected);

    public static IEnumerable<TheoryDataRow<string, string, string, int>> Table() =>
        Rows.Select(r => new TheoryDataRow<string, string, string, int>(r.Endpoint, r.User, r.Scope, r.Expected));

    public static readonly IReadOnlyList<Row> Rows =
    [
        // Signing in and out, and who am I.
        .. E("POST /api/auth/token", Anon(NotDenied)),
        .. E("POST /api/auth/login", Anon(NotDenied)),
        .. E("POST /api/auth/logout", Anon(401), In(NotDenied, "yaozhuang")),
        .. E("GET /api/me", Anon(401), In(200, AllUsers)),

        // Inboxes: one's own tasks only; an outsider's inbox shows none of the project's.
        .. E("GET /api/inbox?project={project}", Anon(401), In(200, "jx-nongye", "jx-shuili", "jx-jiaotong"),
            Out(200, "nanhu-nongye", "jx-ziranziyuan", "jx-shi-ziranziyuan", "jx-xian-bangongshi", "sx-ziranziyuan", "yaozhuang", "xitang", "beihe", "henggang")),

        // Monitoring: the managers of the project's county and city; another county's manager sees nothing of it;
        // clerks, towns and villages are refused.
        .. E("GET /api/monitoring/tasks?pageSize=100", Anon(401), In(200, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(200, "nanhu-bangongshi"), Out(403, "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
        .. E("GET /api/monitoring/breakdown?by=department", Anon(401), In(200, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(200, "nanhu-bangongshi"), Out(403, "jx-nongye", "yaozhuang", "beihe")),
        .. E("GET /api/monitoring/rankings?by=county&period=2026", Anon(401), In(200, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(403, "jx-nongye", "yaozhuang", "beihe")),
        .. E("GET /api/monitoring/step-durations?period=2026", Anon(401), In(200, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(200, "nanhu-bangongshi"), Out(403, "jx-nongye", "yaozhuang", "beihe")),
        .. E("GET /api/monitoring/incidents", Anon(401), In(200, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(200, "nanhu-bangongshi"), Out(403, "jx-nongye", "yaozhuang", "beihe")),

        // Tasks: GET and every command on every kind of task. In scope: the addressee (and, for supplement, the
        // project's implementing entity); commands carry invalid bodies (422), claim and self-delegation succeed (200),
        // release gives 200 or 409 by whether the caller holds the task.
        .. Tasks.SelectMany(t => TaskRows(t.Task, t.Addressee, t.Outsiders)),
        .. E("POST /api/tasks/{dept-task}/delegate [to no one]", Anon(401), In(422, "jx-nongye"),
            Out(403, "nanhu-nongye", "jx-shuili", "xitang")),

        // 催办: the leading group offices over the project's county (its own, its city's); no one else, not even the clerk.
        .. E("POST /api/tasks/{dept-task}/remind", Anon(401), In(422, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(403, "jx-nongye", "nanhu-bangongshi", "beihe", "yaozhuang", "sx-ziranziyuan")),

        // 提请督办: the same offices; the reason is judged only after the scope.
        .. E("POST /api/tasks/{dept-task}/escalate", Anon(401), In(422, "jx-xian-bangongshi", "jx-shi-bangongshi"),
            Out(403, "jx-nongye", "nanhu-bangongshi", "beihe", "yaozhuang", "sx-ziranziyuan")),

        // Projects: seen by the entity, the county's, city's and province's departments and the villages' committees.
        .. E("GET /api/projects", Anon(401), In(200, ProjectInsiders), Out(200, ProjectOutsiders)),
        .. E("GET /api/projects/{project}", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("GET /api/projects/{project}/timeline", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("POST /api/projects", Anon(401), In(422, "yaozhuang", "jx-xian-bangongshi"),
            Out(403, "jx-nongye", "jx-ziranziyuan", "jx-shi-ziranziyuan", "zj-ziranziyuan", "beihe", "henggang")),
        .. E("POST /api/projects [a valid 姚庄镇 project]", Anon(401), Out(403, "jx-shi-bangongshi", "nanhu-bangongshi", "jx-nongye", "beihe")),
        .. E("PUT /api/projects/{project}", Anon(401), In(422, "yaozhuang", "jx-xian-bangongshi"), Out(403, [.. SeeButMayNotEdit, .. ProjectOutsiders])),
        .. E("POST /api/projects/{project}/start", Anon(401), In(409, "yaozhuang", "jx-xian-bangongshi"), Out(403, [.. SeeButMayNotEdit, .. ProjectOutsiders])),
        .. E("POST /api/projects/{project}/corrections", Anon(401), In(422, "yaozhuang", "jx-xian-bangongshi"), Out(403, [.. SeeButMayNotEdit, .. ProjectOutsiders])),
        .. E("POST /api/projects/{project}/exception-requests", Anon(401), In(422, "yaozhuang", "jx-xian-bangongshi"), Out(403, [.. SeeButMayNotEdit, .. ProjectOutsiders])),
        .. E("POST /api/projects/{project}/overall-acceptance-request", Anon(401), In(409, "yaozhuang"),
            Out(403, "jx-xian-bangongshi", "jx-nongye", "jx-shi-bangongshi", "beihe", "xitang", "nanhu-nongye")),

        // Attachments: whoever sees the project.
        .. E("GET /api/projects/{project}/attachments", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("POST /api/projects/{project}/attachments", Anon(401), In(400, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("POST /api/projects/{project}/attachments [a PDF]", Anon(401), Out(403, ProjectOutsiders)),
        .. E("GET /api/attachments/{attachment}", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("GET /api/attachments/{attachment}/content", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),

        // Consent: each village's committee records its own vote; whoever sees the project reads them.
        .. E($"POST /api/projects/{{village-project}}/villages/{Beihe}/consent-meetings", Anon(401), In(422, "beihe"),
            Out(403, "taoyuan", "henggang", "jx-nongye", "jx-xian-bangongshi", "yaozhuang", "xitang", "nanhu-nongye")),
        .. E($"POST /api/projects/{{village-project}}/villages/{Taoyuan}/consent-meetings", Anon(401), In(422, "taoyuan"),
            Out(403, "beihe", "henggang", "jx-shi-ziranziyuan")),
        .. E($"POST /api/projects/{{village-project}}/villages/{VillageNotInProject}/consent-meetings", Anon(401),
            Out(403, "henggang", "xitang")),
        .. E($"GET /api/projects/{{village-project}}/villages/{Beihe}/consent-meetings", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E($"GET /api/projects/{{village-project}}/villages/{VillageNotInProject}/consent-meetings", Anon(401), In(404, "yaozhuang"),
            Out(403, ProjectOutsiders)),

        // Written votes: only the village's own committee runs one; a vote's tallies to whoever sees the project (no such vote here: 404).
        .. E($"POST /api/projects/{{village-project}}/villages/{Beihe}/written-votes", Anon(401), In(422, "beihe"),
            Out(403, "taoyuan", "henggang", "jx-nongye", "yaozhuang", "xitang")),
        .. E($"GET /api/projects/{{village-project}}/villages/{Beihe}/written-votes/{NoSuchVote}", Anon(401), In(404, "beihe", "yaozhuang", "jx-nongye"),
            Out(403, ProjectOutsiders)),
        .. E($"POST /api/projects/{{village-project}}/villages/{Beihe}/written-votes/{NoSuchVote}/ballots", Anon(401), In(404, "beihe"),
            Out(403, "taoyuan", "henggang", "jx-nongye", "yaozhuang", "xitang")),
        .. E($"POST /api/projects/{{village-project}}/villages/{Beihe}/written-votes/{NoSuchVote}/close", Anon(401), In(404, "beihe"),
            Out(403, "taoyuan", "henggang", "jx-nongye", "yaozhuang", "xitang")),

        // Notifications: one's own organisation's list; another's notification is 403.
        .. E("GET /api/notifications", Anon(401), In(200, "jx-nongye", "beihe", "yaozhuang")),
        .. E("GET /api/notifications/unread-count", Anon(401), In(200, "jx-nongye", "beihe")),
        .. E("POST /api/notifications/read-all", Anon(401), In(200, "henggang")),
        .. E("POST /api/notifications/{notification}/read", Anon(401), In(200, "jx-nongye"), Out(403, "jx-shuili", "nanhu-nongye", "beihe", "yaozhuang")),

        // Webhooks: one's own organisation's only.
        .. E("GET /api/webhooks/mine", Anon(401), In(404, "jx-nongye", "beihe")),
        .. E("PUT /api/webhooks/mine", Anon(401), In(422, "jx-nongye", "yaozhuang")),
        .. E("GET /api/webhooks/mine/deliveries", Anon(401), In(200, "jx-nongye")),
        .. E("POST /api/webhooks/mine/deliveries/{no-such-vote}/replay", Anon(401), In(404, "jx-nongye")),

        // Issued letters: whoever sees the project (the public verification is not under /api).
        .. E("GET /api/documents/{document}", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),
        .. E("GET /api/documents/{document}/content", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),

        // Documents: whoever sees the project.
        .. E("GET /api/projects/{project}/documents", Anon(401), In(200, ProjectInsiders), Out(403, ProjectOutsiders)),

        // Batches: leading group offices only, each its own; the county's office waits for no city batch.
        .. E("GET /api/batches/waiting", Anon(401), In(200, "jx-shi-bangongshi"), Out(200, "jx-xian-bangongshi", "nanhu-bangongshi"),
            Out(403, "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
        .. E("GET /api/batches", Anon(401), In(200, "jx-shi-bangongshi"), Out(200, "jx-xian-bangongshi", "nanhu-bangongshi"),
            Out(403, "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
        .. E("GET /api/batches/{batch}", Anon(401), In(200, "jx-shi-bangongshi"),
            Out(403, "jx-xian-bangongshi", "nanhu-bangongshi", "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
        .. E("POST /api/batches", Anon(401), In(422, "jx-shi-bangongshi"), Out(403, "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
        .. E("POST /api/batches [the city's waiting project]", Anon(401), Out(422, "jx-xian-bangongshi", "nanhu-bangongshi"),
            Out(403, "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "xitang")),
        .. E("POST /api/batches/{batch}/close", Anon(401), In(422, "jx-shi-bangongshi"),
            Out(403, "jx-xian-bangongshi", "nanhu-bangongshi", "jx-nongye", "jx-shi-ziranziyuan", "yaozhuang", "beihe")),
    ];

    private sealed record Part(string Scope, int Expected, string[] Users);

    private static Part Anon(int expected) => new("anonymous", expected, [Anonymous]);

    private static Part In(int expected, params string[] users) => new("in", expected, users);

    private static Part Out(int expected, params string[] users) => new("out", expected, users);

    private static IEnumerable<Row> E(string endpoint, params Part[] parts) =>
        parts.SelectMany(p => p.Users.Select(u => new Row(endpoint, u, p.Scope, p.Expected)));

    private static IEnumerable<Row> TaskRows(string task, string addressee, string[] outsiders)
    {
        foreach (var command in TaskCommands.Prepend(""))
        {
            var endpoint = command == "" ? $"GET /api/tasks/{task}" : $"POST /api/tasks/{task}/{command}";
            var expected = command switch
            {
                "" or "claim" or "delegate" => 200,
                "release" => NotDenied,
                _ => 422,
            };
            var insiders = command == "supplement" && addressee != "yaozhuang" ? new[] { addressee, "yaozhuang" } : [addressee];
            foreach (var row in E(endpoint, Anon(401), In(expected, insiders), Out(403, [.. outsiders.Except(insiders)])))
            {
                yield return row;
            }
        }
    }

    // ── Sending a row ────────────────────────────────────────────────────────────────────────────────────────────

    private static (string Method, string Path, string? Variant) Parse(string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var rest = endpoint[(space + 1)..];
        var bracket = rest.IndexOf(" [", StringComparison.Ordinal);
        return bracket < 0 ? (endpoint[..space], rest, null) : (endpoint[..space], rest[..bracket], rest[(bracket + 2)..^1]);
    }

    /// <summary>Whether a table endpoint (placeholders, literal codes) is an instance of a route ("POST /api/tasks/{taskId:guid}/claim").</summary>
    private static bool Matches(string tableEndpoint, string route)
    {
        var (method, path, _) = Parse(tableEndpoint);
        var (routeMethod, pattern, _) = Parse(route);
        var segments = path.Split('?')[0].Split('/');
        var routeSegments = pattern.Split('/');
        return method == routeMethod && segments.Length == routeSegments.Length && segments.Zip(routeSegments).All(s =>
            s.Second.StartsWith('{')
                ? s.First.StartsWith('{') || !s.Second.Contains(':', StringComparison.Ordinal) // a typed parameter ({id:guid}) takes a placeholder only
                : string.Equals(s.First, s.Second, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<(int Status, string Text)> SendAsync(string method, string path, string? variant, string? user)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(method, path, variant, user) };
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await world.Api.TokenAsync(user, Ct));
        }

        if (method is "POST" or "PUT")
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await world.Api.Client.SendAsync(request, Ct);
        return ((int)response.StatusCode, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    /// <summary>What each command is sent with: by default a body that fails validation, so that nothing changes.</summary>
    private HttpContent? Body(string method, string path, string? variant, string? user)
    {
        if (method == "GET")
        {
            return null;
        }

        var last = path.Split('/')[^1];
        object? json = path.StartsWith("/api/tasks/", StringComparison.Ordinal)
            ? last switch
            {
                "claim" or "release" => null,
                "delegate" => new { userName = variant is null ? user ?? "yaozhuang" : "" }, // to oneself: a colleague of one's own organisation
                "complete" => new { outcome = "not-an-outcome" },
                "return" => new { opinion = "" },
                "accept-with-deferral" => new { materials = Array.Empty<string>() },
                "supplement" => new { material = "" },
                "object" => new { reason = "" },
                "remind" => new { message = new string('催', 501) },
                "escalate" => new { reason = "" },
                _ => new { passed = (bool?)null }, // sign-off
            }
            : (last, variant) switch
            {
                ("start" or "logout", _) => null,
                ("projects", "a valid 姚庄镇 project") => ValidProject(),
                ("batches", "the city's waiting project") => new { reference = "越权批次", instanceIds = new[] { world.BatchInstanceId } },
                ("attachments", _) => null,
                _ => new { },
            };
        return (last, variant) switch
        {
            ("attachments", "a PDF") => world.PdfForm(),
            ("attachments", _) => new MultipartFormDataContent { { new StringContent("material"), "purpose" } }, // no file
            _ => json is null ? null : JsonContent.Create(json),
        };
    }

    private static JsonElement ValidProject()
    {
        var project = JsonSerializer.SerializeToNode(NewProject("授权表·越权登记的项目"))!.AsObject();
        project["implementingEntityId"] = "330421102/implementing-entity";
        return JsonSerializer.SerializeToElement(project);
    }
}
