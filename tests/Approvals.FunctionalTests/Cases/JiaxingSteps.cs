using System.Net;
using System.Text.Json;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Cases;

/// <summary>Moving a Jiaxing project along over HTTP, as its users would: each finds the task in their inbox and acts.</summary>
public static class JiaxingSteps
{
    /// <summary>Finds the user's open task of this step in the project (from their inbox) and sends the command.</summary>
    public static async Task<JsonElement> DoAsync(this ApiSession api, string user, string projectId, string stepId, string command, object body, CancellationToken cancellationToken)
    {
        var inbox = (await api.GetAsync(user, $"/api/inbox?project={projectId}", cancellationToken)).Expect(HttpStatusCode.OK).Json;
        var task = inbox.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("stepId").GetString() == stepId);
        Assert.True(task.ValueKind == JsonValueKind.Object, $"{user} has no open '{stepId}' task; inbox: {inbox}");
        return (await api.PostAsync(user, $"/api/tasks/{task.GetProperty("taskId").GetString()}/{command}", body, cancellationToken)).Expect(HttpStatusCode.OK).Json;
    }

    /// <summary>Uploads a small PDF to the project and answers its attachment id.</summary>
    public static async Task<string> UploadPdfAsync(this ApiSession api, string user, string projectId, string fileName, string purpose, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var pdf = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {fileName}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "file", fileName);
        form.Add(new StringContent(purpose), "purpose");
        var answer = await api.SendAsync(user, HttpMethod.Post, $"/api/projects/{projectId}/attachments", null, Guid.NewGuid().ToString(), cancellationToken, form);
        return answer.Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
    }

    /// <summary>Registers and starts a project, and has the town choose its sub-projects: the departments' confirmations are open.</summary>
    public static async Task<string> StartAsync(this ApiSession api, string name, CancellationToken cancellationToken)
    {
        var projectId = (await api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject(name), cancellationToken))
            .Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        (await api.PostAsync("yaozhuang", $"/api/projects/{projectId}/start", null, cancellationToken)).Expect(HttpStatusCode.OK);
        await api.DoAsync("yaozhuang", projectId, "select-sub-projects", "complete", new { outcome = "approve" }, cancellationToken);
        return projectId;
    }

    /// <summary>From the open confirmations to the villages' opinions, gathered: both villages' votes are awaited.</summary>
    public static async Task AdvanceToConsentAsync(this ApiSession api, string projectId, CancellationToken cancellationToken)
    {
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await api.DoAsync(clerk, projectId, "confirm-sub-projects", "complete", new { outcome = "approve", opinion = "确认" }, cancellationToken);
        }

        await api.DoAsync("jx-shi-ziranziyuan", projectId, "establishment-approval", "complete", new { outcome = "approve", opinion = "同意立项" }, cancellationToken);
        await api.DoAsync("yaozhuang", projectId, "implementation-plan", "complete", new { outcome = "approve" }, cancellationToken);
        foreach (var committee in new[] { "beihe", "taoyuan" })
        {
            await api.DoAsync(committee, projectId, "village-opinions", "complete", new { outcome = "approve", opinion = "村民无修改意见" }, cancellationToken);
        }
    }
}
