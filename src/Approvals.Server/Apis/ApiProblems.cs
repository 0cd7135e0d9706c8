using Approvals.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Approvals.Server.Apis;

/// <summary>How the API says no: ProblemDetails whose <c>errors</c> name each offending field by its JSON path.</summary>
public static class ApiProblems
{
    /// <summary>Collects field errors as a request is checked.</summary>
    public sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = [];

        public bool Any => _errors.Count > 0;

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        public bool Require(bool condition, string field, string message)
        {
            if (!condition)
            {
                Add(field, message);
            }

            return condition;
        }

        public ProblemHttpResult ToProblem() => Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    /// <summary>422: the request was well-formed but its content is not acceptable, field by field.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new ValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = "请求内容不符合要求" });

    public static ProblemHttpResult Field(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The engine refused a command: what it names becomes the answer, nothing was written.</summary>
    public static ProblemHttpResult FromEngine(EngineException ex, string field, object? current = null) => ex.Kind switch
    {
        EngineErrorKind.NotFound => NotFound(ex.Message),
        EngineErrorKind.Conflict => Conflict(ex.Message, current),
        _ when ex.Problems.Count > 0 => Invalid(ex.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray())),
        _ => Field(ex.Field ?? field, ex.Message),
    };

    /// <summary>409, with the resource as it now stands so the caller sees what happened.</summary>
    public static ProblemHttpResult Conflict(string detail, object? current = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "办理冲突",
            extensions: current is null ? null : new Dictionary<string, object?> { ["current"] = current });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "未找到");
}
