using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Demo;

/// <summary>
/// The embedded default's demo world: the five regions' places and bodies, and a user for every kind of user,
/// all with the password <see cref="Password"/>. Never seeded in server mode (no known passwords there).
/// </summary>
public static class DemoData
{
    public const string Password = "approvals-demo";

    private static readonly (string Code, string Kind, string Name, string? Parent)[] Places =
    [
        ("000000", "country", "中华人民共和国", null),
        ("330000", "province", "浙江省", "000000"),
        ("330400", "city", "嘉兴市", "330000"),
        ("330421", "county", "嘉善县", "330400"),
        ("330421102", "town", "姚庄镇", "330421"),
        ("330421102201", "village", "北鹤村", "330421102"),
        ("330421102202", "village", "桃源村", "330421102"),
        ("330600", "city", "绍兴市", "330000"),
        ("330681", "county", "诸暨市", "330600"),
        ("330700", "city", "金华市", "330000"),
        ("330783", "county", "东阳市", "330700"),
        ("330200", "city", "宁波市", "330000"),
        ("330281", "county", "余姚市", "330200"),
        ("640000", "province", "宁夏回族自治区", "000000"),
        ("640100", "city", "银川市", "640000"),
        ("640122", "county", "贺兰县", "640100"),
    ];

    private static readonly (string Place, string Department, string Name)[] Departments =
    [
        ("000000", "natural-resources", "自然资源部"),
        ("330400", "natural-resources", "嘉兴市自然资源和规划局"),
        ("330400", "leading-group-office", "嘉兴市土地综合整治领导小组办公室"),
        ("330421", "government", "嘉善县人民政府"),
        ("330421", "leading-group-office", "嘉善县土地综合整治领导小组办公室"),
        ("330421", "natural-resources", "嘉善县自然资源和规划局"),
        ("330421", "development-reform", "嘉善县发展和改革局"),
        ("330421", "finance", "嘉善县财政局"),
        ("330421", "agriculture-rural", "嘉善县农业农村局"),
        ("330421", "water-resources", "嘉善县水利局"),
        ("330421", "transport", "嘉善县交通运输局"),
        ("330600", "natural-resources", "绍兴市自然资源和规划局"),
        ("330681", "leading-group-office", "诸暨市土地综合整治领导小组办公室"),
        ("330681", "natural-resources", "诸暨市自然资源和规划局"),
        ("330700", "natural-resources", "金华市自然资源和规划局"),
        ("330783", "natural-resources", "东阳市自然资源和规划局"),
        ("330200", "natural-resources", "宁波市自然资源和规划局"),
        ("330281", "natural-resources", "余姚市自然资源和规划局"),
        ("640000", "natural-resources", "宁夏回族自治区自然资源厅"),
        ("640122", "natural-resources", "贺兰县自然资源局"),
    ];

    private static readonly (string Id, string Kind, string Name, string Parent)[] Bodies =
    [
        ("330421102/implementing-entity", "implementing-entity", "姚庄镇人民政府（实施主体）", "330421102"),
        ("330421102201/village-committee", "village-committee", "北鹤村村民委员会", "330421102201"),
        ("330421102202/village-committee", "village-committee", "桃源村村民委员会", "330421102202"),
    ];

    /// <summary>User name, display name, organisation, roles: one for every kind of user.</summary>
    public static readonly (string UserName, string DisplayName, string Organisation, string Roles)[] Users =
    [
        ("jx-ziranziyuan", "嘉善县自然资源和规划局 经办人", "330421/natural-resources", "clerk"),
        ("jx-nongye", "嘉善县农业农村局 经办人", "330421/agriculture-rural", "clerk"),
        ("jx-shuili", "嘉善县水利局 经办人", "330421/water-resources", "clerk"),
        ("jx-jiaotong", "嘉善县交通运输局 经办人", "330421/transport", "clerk"),
        ("jx-shi-ziranziyuan", "嘉兴市自然资源和规划局 经办人", "330400/natural-resources", "clerk"),
        ("jx-xian-bangongshi", "嘉善县土地综合整治领导小组办公室", "330421/leading-group-office", "manager,clerk"),
        ("jx-shi-bangongshi", "嘉兴市土地综合整治领导小组办公室", "330400/leading-group-office", "manager,clerk"),
        ("yaozhuang", "姚庄镇 实施主体", "330421102/implementing-entity", "applicant"),
        ("beihe", "北鹤村村委会", "330421102201/village-committee", "recorder"),
        ("taoyuan", "桃源村村委会", "330421102202/village-committee", "recorder"),
    ];

    public static async Task<int> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserAccount>>();
        var existing = (await db.Organisations.Select(o => o.Id).ToListAsync(cancellationToken)).ToHashSet();

        var organisations = Places.Select(p => new Organisation { Id = p.Code, Kind = p.Kind, Name = p.Name, ParentId = p.Parent, Jurisdiction = p.Code })
            .Concat(Departments.Select(d => new Organisation
            {
                Id = $"{d.Place}/{d.Department}", Kind = "department", Name = d.Name, ParentId = d.Place, Jurisdiction = d.Place, DepartmentCode = d.Department,
            }))
            .Concat(Bodies.Select(b => new Organisation { Id = b.Id, Kind = b.Kind, Name = b.Name, ParentId = b.Parent, Jurisdiction = b.Parent }));
        db.Organisations.AddRange(organisations.Where(o => !existing.Contains(o.Id)));

        var names = (await db.Users.Select(u => u.UserName).ToListAsync(cancellationToken)).ToHashSet();
        var added = 0;
        foreach (var (userName, displayName, organisation, roles) in Users.Where(u => !names.Contains(u.UserName)))
        {
            var user = new UserAccount
            {
                Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName, OrganisationId = organisation,
                Roles = roles, PasswordHash = "", CreatedAt = now,
            };
            user.PasswordHash = hasher.HashPassword(user, Password);
            db.Users.Add(user);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
