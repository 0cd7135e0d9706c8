using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Approvals.Persistence.Migrations;

/// <summary>The SQL scripts embedded in this assembly, per provider, in version order.</summary>
public static partial class MigrationCatalog
{
    public static IReadOnlyList<MigrationScript> For(DatabaseProvider provider) => Load(typeof(MigrationCatalog).Assembly, provider);

    internal static IReadOnlyList<MigrationScript> Load(Assembly assembly, DatabaseProvider provider)
    {
        var prefix = $"migrations/{FolderOf(provider)}/";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = FileName().Match(name[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{name}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations for {provider} must be numbered 1, 2, 3 … without gaps or repeats; found {scripts[i].Id} at position {i + 1}.");
            }
        }

        return scripts;
    }

    public static string FolderOf(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "sqlite",
        DatabaseProvider.PostgreSql => "postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
