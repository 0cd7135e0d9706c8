using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Approvals.Server.Apis;

/// <summary>
/// A body that is not the JSON the endpoint reads (a string where a number belongs, a broken document), or a query
/// or route parameter that is not of its type (<c>?page=abc</c>), is the caller's mistake: 400 naming the JSON path or
/// the parameter, never a 500 and never a silent empty 400.
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    // How minimal APIs word a parameter they could not bind: Failed to bind parameter "Nullable<int> page" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>.*)"\.$""")]
    private static partial Regex UnboundParameter();

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = bad.InnerException switch
        {
            JsonException json => (json.Path ?? "$", $"不是有效的 JSON 或类型不符：{json.Message.Split(" Path:")[0]}"),
            _ when UnboundParameter().Match(bad.Message) is { Success: true } unbound =>
                (unbound.Groups["name"].Value, $"“{unbound.Groups["value"].Value}”不是此参数可接受的值（类型不符）"),
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
