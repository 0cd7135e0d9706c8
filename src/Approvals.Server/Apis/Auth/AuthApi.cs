using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Auth;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record MeResponse(
    Guid Id, string UserName, string DisplayName,
    string OrganisationId, string OrganisationName, string OrganisationKind, string Jurisdiction, string? Department,
    IReadOnlyList<string> Roles);

/// <summary>Sign-in: a bearer token for API clients, a cookie for pages; and who the caller is.</summary>
public static class AuthApi
{
    private const string BadCredentials = "用户名或密码错误";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");

        auth.MapPost("/token", async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> (SignInRequest request, ApprovalsDbContext db, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken) =>
            {
                var checkedUser = await CheckAsync(request, db, hasher, cancellationToken);
                return checkedUser.Match<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>>(
                    principal => TypedResults.SignIn(principal(BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme),
                    invalid => invalid,
                    denied => denied);
            })
            .AllowAnonymous()
            .WithName("IssueToken")
            .WithSummary("Sign in with user name and password; returns a bearer token for API calls (Authorization: Bearer …).")
            .Produces<AccessTokenResponse>();

        auth.MapPost("/login", async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> (SignInRequest request, ApprovalsDbContext db, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken) =>
            {
                var checkedUser = await CheckAsync(request, db, hasher, cancellationToken);
                return checkedUser.Match<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>>(
                    principal => TypedResults.SignIn(principal(CookieAuthenticationDefaults.AuthenticationScheme),
                        new AuthenticationProperties { IsPersistent = false }, CookieAuthenticationDefaults.AuthenticationScheme),
                    invalid => invalid,
                    denied => denied);
            })
            .AllowAnonymous()
            .WithName("SignIn")
            .WithSummary("Sign in with user name and password; sets the sign-in cookie the web pages use.")
            .Produces(StatusCodes.Status200OK);

        auth.MapPost("/logout", () => TypedResults.SignOut(authenticationSchemes: [CookieAuthenticationDefaults.AuthenticationScheme]))
            .RequireAuthorization()
            .WithName("SignOut")
            .WithSummary("Signs out of the web pages (removes the cookie).");

        app.MapGet("/api/me", async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> (ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken) =>
            {
                var organisationId = user.FindFirstValue(ApprovalsClaims.Organisation);
                var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
                if (organisation is null || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
                {
                    return TypedResults.Unauthorized();
                }

                return TypedResults.Ok(new MeResponse(id, user.Identity!.Name!, user.FindFirstValue(ClaimTypes.GivenName) ?? "",
                    organisation.Id, organisation.Name, organisation.Kind, organisation.Jurisdiction, organisation.DepartmentCode,
                    [.. user.FindAll(ClaimTypes.Role).Select(r => r.Value)]));
            })
            .RequireAuthorization()
            .WithTags("Sign-in")
            .WithName("Me")
            .WithSummary("Who is signed in: the user, their organisation and jurisdiction, their roles.");

        return app;
    }

    private sealed record Checked(Func<string, ClaimsPrincipal>? Principal, ValidationProblem? Invalid, ProblemHttpResult? Denied)
    {
        public T Match<T>(Func<Func<string, ClaimsPrincipal>, T> ok, Func<ValidationProblem, T> invalid, Func<ProblemHttpResult, T> denied) =>
            Principal is not null ? ok(Principal) : Invalid is not null ? invalid(Invalid) : denied(Denied!);
    }

    private static async Task<Checked> CheckAsync(SignInRequest request, ApprovalsDbContext db, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["请填写用户名"];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["请填写密码"];
        }

        if (errors.Count > 0)
        {
            return new Checked(null, TypedResults.ValidationProblem(errors), null);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == request.UserName!.Trim() && !u.Disabled, cancellationToken);
        var verified = user is not null && hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!) != PasswordVerificationResult.Failed;
        var organisation = verified ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == user!.OrganisationId, cancellationToken) : null;
        if (organisation is null)
        {
            // One answer for an unknown user and a wrong password: neither tells which names exist.
            return new Checked(null, null, TypedResults.Problem(BadCredentials, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"));
        }

        return new Checked(scheme => ApprovalsClaims.For(user!, organisation, scheme), null, null);
    }
}
