using System.Text.RegularExpressions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Projects;

/// <summary>
/// Checks a registered or edited project field by field and, only when all is well, writes it onto the row:
/// a refused request changes nothing. Places come from the organisation tree, codes from the catalogue.
/// </summary>
public static partial class ProjectForm
{

    public const int MaxVillages = 200;
    public const int MaxSubProjects = 200;
    public const int MaxMaterials = 100;

    public static async Task<ApiProblems.Errors> ApplyAsync(
        ProjectInput input, Project project, Caller caller, ApprovalsDbContext db, EngineContext engine, DefinitionRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new ApiProblems.Errors();
        var catalogue = engine.Catalogue;

        var name = input.Name?.Trim();
        if (errors.Require(!string.IsNullOrEmpty(name), "name", "请填写项目名称"))
        {
            errors.Require(name!.Length <= 200, "name", "项目名称不超过200个字符");
        }

        errors.Require(input.Area is > 0, "area", "请填写项目区面积（亩，大于0）");

        // The town fixes the county, city and province.
        (string Town, string County, string City, string Province)? place = null;
        if (errors.Require(!string.IsNullOrWhiteSpace(input.TownCode), "townCode", "请填写所在乡镇（街道）的行政区划代码"))
        {
            place = await PlaceOfTownAsync(db, input.TownCode!, cancellationToken);
            errors.Require(place is not null, "townCode", $"没有这个乡镇（街道）：{input.TownCode}");
        }

        string? definitionId = null;
        if (errors.Require(!string.IsNullOrWhiteSpace(input.DefinitionId), "definitionId", "请选择适用的审批流程（如 jiaxing）"))
        {
            try
            {
                var definition = await registry.LatestAsync(db, input.DefinitionId!, cancellationToken);
                definitionId = definition.Id;
                if (place is { } p && definition.Region.Code != p.City && definition.Region.Code != p.Province)
                {
                    errors.Add("definitionId", $"“{definition.Name}”适用于{definition.Region.Name}，项目所在地不在其范围内");
                }
            }
            catch (KeyNotFoundException)
            {
                errors.Add("definitionId", $"没有已发布的审批流程：{input.DefinitionId}");
            }
        }

        var entity = await CheckImplementingEntityAsync(input.ImplementingEntityId, caller, place, db, errors, cancellationToken);

        var villages = CheckVillages(input.Villages, place, errors);
        var subProjects = CheckSubProjects(input.SubProjects, catalogue, errors);
        var facts = CheckFacts(input.Facts, catalogue, errors);
        var materials = CheckMaterials(input.Materials, errors);

        if (errors.Any)
        {
            return errors;
        }

        project.Name = name!;
        project.DefinitionId = definitionId!;
        (project.TownCode, project.CountyCode, project.CityCode, project.ProvinceCode) = place!.Value;
        project.ImplementingEntityId = entity!;
        project.Area = input.Area!.Value;
        project.Facts = StateDocument.Write(facts);
        project.Materials = StateDocument.Write(materials);
        WriteVillages(project, villages);
        WriteSubProjects(project, subProjects);
        return errors;
    }

    /// <summary>The villages as checked by <see cref="CheckVillages"/>, onto the project's rows.</summary>
    public static void WriteVillages(Project project, List<VillageInput> villages) =>
        Merge(project.Villages, villages, v => v.Code!, v => v.Code, () => new ProjectVillage { ProjectId = project.Id, Code = "", Name = "" }, (row, v) =>
        {
            row.Code = v.Code!;
            row.Name = v.Name!.Trim();
            row.Electorate = v.Electorate!.Value;
            row.Households = v.Households!.Value;
            row.Representatives = v.Representatives;
        });

    /// <summary>The sub-projects as checked by <see cref="CheckSubProjects"/>, onto the project's rows.</summary>
    public static void WriteSubProjects(Project project, List<SubProjectInput> subProjects) =>
        Merge(project.SubProjects, subProjects, s => s.Key!, s => s.Key, () => new ProjectSubProject { ProjectId = project.Id, Key = "", Name = "", DepartmentCode = "", Plan = "" }, (row, s) =>
        {
            row.Key = s.Key!;
            row.Name = s.Name!.Trim();
            row.DepartmentCode = s.Department!;
            row.Plan = s.Plan ?? SubProjectPlans.Concurrent;
            row.Description = s.Description?.Trim();
        });

    /// <summary>Rows keep their identity across edits: updated in place, added or removed, never deleted and re-added under the same key.</summary>
    private static void Merge<TRow, TInput>(List<TRow> rows, List<TInput> inputs, Func<TInput, string> inputKey, Func<TRow, string> rowKey, Func<TRow> create, Action<TRow, TInput> write)
    {
        var wanted = inputs.Select(inputKey).ToHashSet();
        rows.RemoveAll(r => !wanted.Contains(rowKey(r)));
        foreach (var input in inputs)
        {
            var row = rows.FirstOrDefault(r => rowKey(r) == inputKey(input));
            if (row is null)
            {
                row = create();
                rows.Add(row);
            }

            write(row, input);
        }
    }

    private static async Task<(string, string, string, string)?> PlaceOfTownAsync(ApprovalsDbContext db, string townCode, CancellationToken cancellationToken)
    {
        var town = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == townCode && o.Kind == "town", cancellationToken);
        var county = town?.ParentId is { } c ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == c, cancellationToken) : null;
        var city = county?.ParentId is { } ci ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == ci, cancellationToken) : null;
        return town is null || county?.Kind != "county" || city?.Kind != "city" || city.ParentId is null
            ? null
            : (town.Id, county.Id, city.Id, city.ParentId);
    }

    private static async Task<string?> CheckImplementingEntityAsync(
        string? requested, Caller caller, (string Town, string County, string City, string Province)? place, ApprovalsDbContext db, ApiProblems.Errors errors, CancellationToken cancellationToken)
    {
        if (caller.OrganisationKind == "implementing-entity")
        {
            // An implementing entity registers its own projects only, in its own county.
            if (!errors.Require(requested is null || requested == caller.OrganisationId, "implementingEntityId", "实施主体只能登记本单位实施的项目"))
            {
                return null;
            }

            errors.Require(place is not { } own || caller.Jurisdiction.StartsWith(own.County, StringComparison.Ordinal), "townCode", "项目所在地不在本实施主体所在县（市、区）");
            return caller.OrganisationId;
        }

        if (!errors.Require(!string.IsNullOrWhiteSpace(requested), "implementingEntityId", "请指定实施主体"))
        {
            return null;
        }

        var entity = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == requested && o.Kind == "implementing-entity", cancellationToken);
        if (!errors.Require(entity is not null, "implementingEntityId", $"没有这个实施主体：{requested}"))
        {
            return null;
        }

        if (place is { } p && !entity!.Jurisdiction.StartsWith(p.County, StringComparison.Ordinal))
        {
            errors.Add("implementingEntityId", "实施主体不在项目所在县（市、区）");
        }

        return entity!.Id;
    }

    public static List<VillageInput> CheckVillages(List<VillageInput>? villages, (string Town, string County, string City, string Province)? place, ApiProblems.Errors errors)
    {
        if (!errors.Require(villages is { Count: > 0 }, "villages", "请列出项目区涉及的行政村") || !errors.Require(villages!.Count <= MaxVillages, "villages", $"最多{MaxVillages}个村"))
        {
            return [];
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < villages.Count; i++)
        {
            var v = villages[i];
            var at = $"villages[{i}]";
            if (v is null)
            {
                errors.Add(at, "不能为空");
                continue;
            }

            if (errors.Require(v.Code is not null && VillageCode().IsMatch(v.Code), $"{at}.code", "村的行政区划代码为12位数字"))
            {
                errors.Require(place is null || v.Code!.StartsWith(place.Value.County, StringComparison.Ordinal), $"{at}.code", "该村不在项目所在县（市、区）");
                errors.Require(seen.Add(v.Code!), $"{at}.code", "村重复");
            }

            errors.Require(!string.IsNullOrWhiteSpace(v.Name) && v.Name.Length <= 100, $"{at}.name", "请填写村名（不超过100字）");
            errors.Require(v.Electorate is > 0, $"{at}.electorate", "请填写年满十八周岁的村民人数（大于0）");
            errors.Require(v.Households is > 0, $"{at}.households", "请填写户数（大于0）");
            errors.Require(v.Representatives is null or > 0, $"{at}.representatives", "村民代表会议组成人员数须大于0");
            if (v.Households is > 0 && v.Electorate is > 0)
            {
                errors.Require(v.Households <= v.Electorate, $"{at}.households", "户数不能多于年满十八周岁的村民人数");
            }
        }

        return villages;
    }

    public static List<SubProjectInput> CheckSubProjects(List<SubProjectInput>? subProjects, Approvals.Engine.Definitions.Catalogue catalogue, ApiProblems.Errors errors)
    {
        if (!errors.Require(subProjects is { Count: > 0 }, "subProjects", "请列出子项目及其主管部门") || !errors.Require(subProjects!.Count <= MaxSubProjects, "subProjects", $"最多{MaxSubProjects}个子项目"))
        {
            return [];
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < subProjects.Count; i++)
        {
            var s = subProjects[i];
            var at = $"subProjects[{i}]";
            if (s is null)
            {
                errors.Add(at, "不能为空");
                continue;
            }

            if (errors.Require(s.Key is not null && Key().IsMatch(s.Key), $"{at}.key", "子项目编号：小写字母、数字和连字符，最长100字符"))
            {
                errors.Require(seen.Add(s.Key!), $"{at}.key", "子项目编号重复");
            }

            errors.Require(!string.IsNullOrWhiteSpace(s.Name) && s.Name.Length <= 200, $"{at}.name", "请填写子项目名称（不超过200字）");
            errors.Require(s.Department is not null && catalogue.Department(s.Department) is not null, $"{at}.department",
                $"未知的主管部门：{s.Department}；可选：{string.Join("、", catalogue.Departments.Select(d => d.Code))}");
            errors.Require(s.Plan is null || SubProjectPlans.All.Contains(s.Plan), $"{at}.plan", $"建设安排为 {string.Join(" / ", SubProjectPlans.All)} 之一");
            errors.Require(s.Description is null || s.Description.Length <= 2000, $"{at}.description", "说明不超过2000字");
        }

        return subProjects;
    }

    public static Facts CheckFacts(FactsInput? input, Approvals.Engine.Definitions.Catalogue catalogue, ApiProblems.Errors errors)
    {
        var numbers = new Dictionary<string, decimal>();
        var flags = new Dictionary<string, bool>();
        foreach (var (code, value) in input?.Numbers ?? [])
        {
            var fact = catalogue.Fact(code);
            if (errors.Require(fact is { Type: "number" }, $"facts.numbers.{code}", fact is null ? $"未知的指标：{code}" : $"{fact.Name}是是否项，应放在 flags 中")
                && errors.Require(value >= 0, $"facts.numbers.{code}", $"{fact!.Name}不能为负数"))
            {
                numbers[code] = value;
            }
        }

        foreach (var (code, value) in input?.Flags ?? [])
        {
            var fact = catalogue.Fact(code);
            if (errors.Require(fact is { Type: "boolean" }, $"facts.flags.{code}", fact is null ? $"未知的指标：{code}" : $"{fact.Name}是数值项，应放在 numbers 中"))
            {
                flags[code] = value;
            }
        }

        return new Facts(numbers, flags);
    }

    private static List<string> CheckMaterials(List<string>? materials, ApiProblems.Errors errors)
    {
        var list = materials ?? [];
        if (!errors.Require(list.Count <= MaxMaterials, "materials", $"最多{MaxMaterials}项材料"))
        {
            return [];
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < list.Count; i++)
        {
            var ok = errors.Require(!string.IsNullOrWhiteSpace(list[i]) && list[i].Length <= 200, $"materials[{i}]", "材料名称不能为空，不超过200字");
            errors.Require(!ok || seen.Add(list[i].Trim()), $"materials[{i}]", "材料重复");
        }

        return [.. list.Select(m => m?.Trim() ?? "")];
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex VillageCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex Key();
}
