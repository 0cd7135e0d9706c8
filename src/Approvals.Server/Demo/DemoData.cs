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
        ("330681104", "town", "枫桥镇", "330681"),
        ("330681104201", "village", "枫桥村", "330681104"),
        ("330681104202", "village", "栎桥村", "330681104"),
        ("330700", "city", "金华市", "330000"),
        ("330783", "county", "东阳市", "330700"),
        ("330783105", "town", "南马镇", "330783"),
        ("330783105201", "village", "南马村", "330783105"),
        ("330200", "city", "宁波市", "330000"),
        ("330281", "county", "余姚市", "330200"),
        ("330281106", "town", "泗门镇", "330281"),
        ("330281106201", "village", "谢家路村", "330281106"),
        ("640000", "province", "宁夏回族自治区", "000000"),
        ("640100", "city", "银川市", "640000"),
        ("640122", "county", "贺兰县", "640100"),
        ("640122201", "town", "常信乡", "640122"),
        ("640122201201", "village", "四十里店村", "640122201"),
        ("640122201202", "village", "丰登村", "640122201"),
        ("640122201203", "village", "新平村", "640122201"),
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
        ("330421102", "government", "姚庄镇人民政府"),
        ("640122201", "government", "常信乡人民政府"),
        ("330600", "natural-resources", "绍兴市自然资源和规划局"),
        ("330681", "leading-group", "诸暨市土地综合整治工作领导小组"),
        ("330681", "leading-group-office", "诸暨市土地综合整治领导小组办公室"),
        ("330681", "natural-resources", "诸暨市自然资源和规划局"),
        ("330681", "agriculture-rural", "诸暨市农业农村局"),
        ("330681", "water-resources", "诸暨市水利局"),
        ("330700", "natural-resources", "金华市自然资源和规划局"),
        ("330783", "natural-resources", "东阳市自然资源和规划局"),
        ("330783", "development-reform", "东阳市发展和改革局"),
        ("330783", "agriculture-rural", "东阳市农业农村局"),
        ("330200", "natural-resources", "宁波市自然资源和规划局"),
        ("330200", "leading-group", "宁波市全域国土空间综合整治工作领导小组"),
        ("330200", "leading-group-office", "宁波市全域国土空间综合整治工作领导小组办公室"),
        ("330200", "development-reform", "宁波市发展和改革委员会"),
        ("330200", "agriculture-rural", "宁波市农业农村局"),
        ("330200", "water-resources", "宁波市水利局"),
        ("330281", "government", "余姚市人民政府"),
        ("330281", "natural-resources", "余姚市自然资源和规划局"),
        ("330281", "agriculture-rural", "余姚市农业农村局"),
        ("330281", "water-resources", "余姚市水利局"),
        ("640000", "government", "宁夏回族自治区人民政府"),
        ("640000", "natural-resources", "宁夏回族自治区自然资源厅"),
        ("640000", "agriculture-rural", "宁夏回族自治区农业农村厅"),
        ("640000", "water-resources", "宁夏回族自治区水利厅"),
        ("640100", "natural-resources", "银川市自然资源局"),
        ("640122", "government", "贺兰县人民政府"),
        ("640122", "natural-resources", "贺兰县自然资源局"),
        ("640122", "agriculture-rural", "贺兰县农业农村局"),
        ("640122", "water-resources", "贺兰县水务局"),
        ("640122", "forestry", "贺兰县林业和草原局"),
    ];

    private static readonly (string Id, string Kind, string Name, string Parent)[] Bodies =
    [
        ("330421102/implementing-entity", "implementing-entity", "姚庄镇人民政府（实施主体）", "330421102"),
        ("330421102201/village-committee", "village-committee", "北鹤村村民委员会", "330421102201"),
        ("330421102202/village-committee", "village-committee", "桃源村村民委员会", "330421102202"),
        ("330681104/implementing-entity", "implementing-entity", "枫桥镇人民政府（实施主体）", "330681104"),
        ("330783105/implementing-entity", "implementing-entity", "南马镇人民政府（实施主体）", "330783105"),
        ("330281106/implementing-entity", "implementing-entity", "泗门镇人民政府（实施主体）", "330281106"),
        ("640122201/implementing-entity", "implementing-entity", "常信乡人民政府（实施主体）", "640122201"),
        ("640122201201/village-committee", "village-committee", "四十里店村村民委员会", "640122201201"),
        ("640122201201/collective-economic-organisation", "collective-economic-organisation", "四十里店村股份经济合作社", "640122201201"),
        ("640122201202/village-committee", "village-committee", "丰登村村民委员会", "640122201202"),
        ("640122201203/village-committee", "village-committee", "新平村村民委员会", "640122201203"),
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
        ("yaozhuang-zhengfu", "姚庄镇人民政府 经办人", "330421102/government", "clerk"),
        ("beihe", "北鹤村村委会", "330421102201/village-committee", "recorder"),
        ("taoyuan", "桃源村村委会", "330421102202/village-committee", "recorder"),
        ("sx-fengqiao", "枫桥镇 实施主体", "330681104/implementing-entity", "applicant"),
        ("sx-bangongshi", "诸暨市土地综合整治领导小组办公室", "330681/leading-group-office", "manager,clerk"),
        ("sx-lingdaoxiaozu", "诸暨市土地综合整治工作领导小组", "330681/leading-group", "clerk"),
        ("sx-ziranziyuan-zhuji", "诸暨市自然资源和规划局 经办人", "330681/natural-resources", "clerk"),
        ("jh-nanma", "南马镇 实施主体", "330783105/implementing-entity", "applicant"),
        ("jh-ziranziyuan", "东阳市自然资源和规划局 经办人", "330783/natural-resources", "clerk"),
        ("jh-shi-ziranziyuan", "金华市自然资源和规划局 经办人", "330700/natural-resources", "clerk"),
        ("nb-simen", "泗门镇 实施主体", "330281106/implementing-entity", "applicant"),
        ("nb-ziranziyuan", "余姚市自然资源和规划局 经办人", "330281/natural-resources", "clerk"),
        ("nb-zhengfu", "余姚市人民政府 经办人", "330281/government", "clerk"),
        ("nb-shi-nongye", "宁波市农业农村局 经办人", "330200/agriculture-rural", "clerk"),
        ("nb-shi-shuili", "宁波市水利局 经办人", "330200/water-resources", "clerk"),
        ("nb-shi-fagai", "宁波市发展和改革委员会 经办人", "330200/development-reform", "clerk"),
        ("nb-shi-lingdaoxiaozu", "宁波市全域国土空间综合整治工作领导小组", "330200/leading-group", "clerk"),
        ("nb-shi-bangongshi", "宁波市全域国土空间综合整治工作领导小组办公室", "330200/leading-group-office", "manager,clerk"),
        ("nx-changxin", "常信乡 实施主体", "640122201/implementing-entity", "applicant"),
        ("nx-ziranziyuan", "贺兰县自然资源局 经办人", "640122/natural-resources", "clerk"),
        ("nx-zhengfu", "贺兰县人民政府 经办人", "640122/government", "clerk"),
        ("nx-changxin-zhengfu", "常信乡人民政府 经办人", "640122201/government", "clerk"),
        ("nx-nongye", "贺兰县农业农村局 经办人", "640122/agriculture-rural", "clerk"),
        ("nx-shuiwu", "贺兰县水务局 经办人", "640122/water-resources", "clerk"),
        ("nx-shi-ziranziyuan", "银川市自然资源局 经办人", "640100/natural-resources", "clerk"),
        ("nx-ziranziyuanting", "宁夏回族自治区自然资源厅 经办人", "640000/natural-resources", "clerk"),
        ("nx-nongye-ting", "宁夏回族自治区农业农村厅 经办人", "640000/agriculture-rural", "clerk"),
        ("nx-shuili-ting", "宁夏回族自治区水利厅 经办人", "640000/water-resources", "clerk"),
        ("nx-zhengfu-zizhiqu", "宁夏回族自治区人民政府 经办人", "640000/government", "clerk"),
        ("mnr-ziranziyuan", "自然资源部 经办人", "000000/natural-resources", "clerk"),
        ("nx-silidian", "四十里店村村委会", "640122201201/village-committee", "recorder"),
        ("nx-silidian-jiti", "四十里店村股份经济合作社", "640122201201/collective-economic-organisation", "recorder"),
        ("nx-fengdeng", "丰登村村委会", "640122201202/village-committee", "recorder"),
        ("nx-xinping", "新平村村委会", "640122201203/village-committee", "recorder"),
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
