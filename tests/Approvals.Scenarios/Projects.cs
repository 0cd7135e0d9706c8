using Approvals.Engine.Runtime;

namespace Approvals.Scenarios;

/// <summary>
/// A project per region, with figures inside its region's thresholds unless a scenario changes them. Every yes/no fact
/// its region's process reads is declared (a start refuses a project that leaves one unsaid); a scenario's own facts
/// are laid over these.
/// </summary>
public static class Projects
{
    public static ProjectSnapshot Jiaxing(Facts? facts = null) => new(
        "jx-yaozhuang-2026", "嘉善县姚庄镇全域土地综合整治项目",
        new Jurisdictions("330000", "330400", "330421", "330421102"),
        "org:yaozhuang-town",
        ["agriculture-rural", "water-resources", "transport"],
        [new Village("330421102201", "北鹤村"), new Village("330421102202", "桃源村")],
        [new SubProject("sp-farmland", "高标准农田建设", "agriculture-rural"),
         new SubProject("sp-river", "农村河道整治", "water-resources"),
         new SubProject("sp-road", "农村公路提升改造", "transport")],
        facts ?? Facts.None);

    public static ProjectSnapshot Jinhua(Facts? facts = null) => new(
        "jh-dongyang-2026", "东阳市南马镇土地综合整治项目",
        new Jurisdictions("330000", "330700", "330783", "330783105"),
        "org:nanma-platform",
        ["agriculture-rural", "water-resources"],
        [new Village("330783105201", "南马村")],
        [new SubProject("sp-farmland", "高标准农田建设", "agriculture-rural"), new SubProject("sp-ditch", "灌排渠系改造", "water-resources")],
        Flags(("governmentInvested", true), ("investmentApprovalRequired", false), ("meetsHighStandardFarmland", true)).With(facts ?? Figures(
            ("ruralRevitalisationLand", 20m), ("contiguousFarmlandArea", 1000m),
            ("reservedConstructionQuota", 10m), ("constructionLandReclaimed", 100m))));

    public static ProjectSnapshot Ningbo(Facts? facts = null) => new(
        "nb-yuyao-2026", "余姚市泗门镇全域国土空间综合整治项目",
        new Jurisdictions("330000", "330200", "330281", "330281106"),
        "org:simen-town",
        ["agriculture-rural", "water-resources"],
        [new Village("330281106201", "谢家路村")],
        [new SubProject("sp-farmland", "永久基本农田集中连片整治", "agriculture-rural"), new SubProject("sp-river", "河道综合治理", "water-resources")],
        Flags(("adjustsUrbanDevelopmentBoundary", false), ("involvesDemolition", false)).With(facts ?? Figures(
            ("permanentFarmlandAdjusted", 30m), ("townPermanentFarmlandArea", 2000m),
            ("newFarmlandArea", 100m), ("farmlandArea", 1500m), ("permanentFarmlandAdded", 5m))));

    public static ProjectSnapshot Ningxia(Facts? facts = null) => new(
        "nx-helan-2026", "贺兰县常信乡全域土地综合整治项目",
        new Jurisdictions("640000", "640100", "640122", "640122201"),
        "org:changxin-township",
        ["agriculture-rural", "water-resources", "forestry"],
        [new Village("640122201201", "四十里店村"), new Village("640122201202", "丰登村"), new Village("640122201203", "新平村")],
        [new SubProject("sp-farmland", "高标准农田建设", "agriculture-rural"),
         new SubProject("sp-water", "高效节水灌溉", "water-resources"),
         new SubProject("sp-shelterbelt", "农田防护林", "forestry")],
        Flags(("involvesDemolition", true), ("crossCountyQuotaTransfer", false), ("adjustsFarmlandInDevelopmentBoundary", false), ("optimisesThreeZonesThreeLines", false))
            .With(facts ?? Figures(("permanentFarmlandAdjusted", 40m), ("townPermanentFarmlandArea", 1000m))));

    public static ProjectSnapshot Shaoxing(Facts? facts = null) => new(
        "sx-zhuji-2026", "诸暨市跨乡镇土地综合整治试点片区",
        new Jurisdictions("330000", "330600", "330681", "330681104"),
        "org:zhuji-platform",
        ["agriculture-rural", "water-resources", "housing-construction"],
        [new Village("330681104201", "枫桥村"), new Village("330681104202", "栎桥村")],
        [new SubProject("sp-farmland", "“百千万”永久基本农田集中连片整治", "agriculture-rural"),
         new SubProject("sp-river", "枫桥江治理", "water-resources"),
         new SubProject("sp-village", "美丽乡村风貌提升", "housing-construction")],
        Flags(("crossesTowns", true), ("involvesDemolition", true), ("crossTownPilot", true), ("involvesCulturalHeritage", false), ("inCentralUrbanArea", false))
            .With(facts ?? Figures(
                ("contiguousFarmlandProjectCount", 1m), ("contiguousFarmlandWorksArea", 100m), ("contiguousFarmlandProjectArea", 1000m),
                ("constructionLandBefore", 500m), ("constructionLandAfter", 480m),
                ("permanentFarmlandAdjusted", 20m), ("permanentFarmlandAdded", 2m), ("newConstructionLand", 30m))));

    public static Facts Figures(params (string Code, decimal Value)[] numbers) =>
        new(numbers.ToDictionary(n => n.Code, n => n.Value), new Dictionary<string, bool>());

    public static Facts Flags(params (string Code, bool Value)[] flags) =>
        new(new Dictionary<string, decimal>(), flags.ToDictionary(f => f.Code, f => f.Value));
}
