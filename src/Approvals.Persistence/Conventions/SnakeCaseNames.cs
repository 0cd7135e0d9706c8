using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Approvals.Persistence.Conventions;

/// <summary>
/// Database names in snake_case: PostgreSQL (and the openGauss/KingbaseES family) fold unquoted names to
/// lower case, so DBAs can query the tables without quoting. Keys, indexes and foreign keys get
/// deterministic names (pk_/ix_/ux_/fk_) so that the hand-written migrations can name them too.
/// </summary>
public static class SnakeCaseNames
{
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var startsNewWordInAcronym = i > 0 && i + 1 < name.Length && char.IsUpper(name[i - 1]) && char.IsLower(name[i + 1]);
                if (previousIsLowerOrDigit || startsNewWordInAcronym)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName() ?? ToSnakeCase(entity.ClrType.Name);
            entity.SetTableName(table);
            var storeObject = StoreObjectIdentifier.Table(table, entity.GetSchema());

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.GetColumnName(storeObject) ?? property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(Limit(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{Columns(key.Properties, storeObject)}"));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Limit(index.Name ?? $"{(index.IsUnique ? "ux" : "ix")}_{table}_{Columns(index.Properties, storeObject)}"));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                var principal = foreignKey.PrincipalEntityType.GetTableName();
                foreignKey.SetConstraintName(Limit($"fk_{table}_{principal}_{Columns(foreignKey.Properties, storeObject)}"));
            }
        }
    }

    /// <summary>
    /// PostgreSQL cuts identifiers at 63 bytes; a longer name keeps its first 54 characters and gets a short
    /// hash of the whole, so it stays unique and the same on every provider.
    /// </summary>
    public static string Limit(string name)
    {
        const int max = 63;
        if (name.Length <= max)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(max - hash.Length - 1)]}_{hash}";
    }

    private static string Columns(IEnumerable<IReadOnlyProperty> properties, StoreObjectIdentifier storeObject) =>
        string.Join('_', properties.Select(p => p.GetColumnName(storeObject)));
}
