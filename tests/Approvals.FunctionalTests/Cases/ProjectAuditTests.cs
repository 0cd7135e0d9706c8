using System.Net;
using Approvals.Persistence.Audit;
using Microsoft.EntityFrameworkCore;

namespace Approvals.FunctionalTests.Cases;

/// <summary>What people do to a project outside engine steps is on its own hash chain, which the audit check covers.</summary>
public sealed class ProjectAuditTests : ApiTestHost
{
    [Fact]
    public async Task Registering_editing_and_starting_a_project_are_chained_and_an_altered_record_is_named()
    {
        var projectId = await Api.StartAsync("审计链项目", Ct);
        var intact = await InDbAsync(db => AuditVerifier.VerifyAsync(db, Ct));
        var timeline = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}/timeline", Ct)).Expect(HttpStatusCode.OK).Json;

        Assert.True(intact.Intact, string.Join('\n', intact.Breaks));
        Assert.Equal(["project.registered", "project.started"],
            timeline.EnumerateArray().Where(e => e.GetProperty("stream").GetString()!.StartsWith("project:", StringComparison.Ordinal))
                .Select(e => e.GetProperty("action").GetString()));

        var stream = $"project:{projectId}";
        await InDbAsync(db => db.AuditRecords.Where(r => r.Stream == stream && r.Sequence == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Actor, "someone-else"), Ct));
        var tampered = await InDbAsync(db => AuditVerifier.VerifyAsync(db, Ct));

        var problem = Assert.Single(tampered.Breaks);
        Assert.StartsWith($"{stream}: record #", problem, StringComparison.Ordinal);
    }
}
