using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Server.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Testing;

/// <summary>Users a test needs beyond the demo ones, with the demo password, added the way an administrator would.</summary>
public static class TestUsers
{
    public static async Task AddAsync(IServiceProvider services, IEnumerable<(string UserName, string DisplayName, string Organisation, string Roles)> users, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserAccount>>();
        foreach (var (userName, displayName, organisation, roles) in users)
        {
            var user = new UserAccount
            {
                Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName, OrganisationId = organisation, Roles = roles,
                PasswordHash = "", CreatedAt = DateTimeOffset.UtcNow,
            };
            user.PasswordHash = hasher.HashPassword(user, DemoData.Password);
            db.Users.Add(user);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
