using Microsoft.AspNetCore.Http.HttpResults;

namespace Approvals.Server.Apis;

/// <summary>
/// The page a list is asked for (<c>?page=1&amp;pageSize=20</c>): one reading and one check for every list of the API
/// and the pages. A page out of range is 422 naming <c>page</c> or <c>pageSize</c>, as any other bad parameter.
/// </summary>
public sealed record PageRequest(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The page's number, from 1.</summary>
    public int Number => Page ?? 1;

    public int Size => PageSize ?? DefaultPageSize;

    /// <summary>Names each parameter out of range; true when both are usable.</summary>
    public bool Check(ApiProblems.Errors errors) =>
        errors.Require(Page is null or >= 1, "page", "页码从1开始")
        & errors.Require(PageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"每页1至{MaxPageSize}条");

    /// <summary>The 422 for a list that takes no other parameter that can be wrong; null when the page is usable.</summary>
    public ProblemHttpResult? Problem()
    {
        var errors = new ApiProblems.Errors();
        return Check(errors) ? null : errors.ToProblem();
    }

    /// <summary>This page of an ordered query.</summary>
    public IQueryable<T> Of<T>(IOrderedQueryable<T> ordered) => ordered.Skip((Number - 1) * Size).Take(Size);
}
