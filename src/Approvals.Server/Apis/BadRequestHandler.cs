using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Approvals.Server.Apis;

/// <summary>
/// A body that is not the JSON the endpoint reads (a string where a number belongs, a broken document) is
/// the caller's mistake: 400 naming the JSON path, never a 500 and never a silent empty 400.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = bad.InnerException switch
        {
            JsonException json => (json.Path ?? "$", $"不是有效的 JSON 或类型不符：{json.Message.Split(" Path:")[0]}"),
            _ => ("$", bad.Message),
        };
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode, Title = "请求格式有误",
            },
            Exception = exception,
        });
    }
}
