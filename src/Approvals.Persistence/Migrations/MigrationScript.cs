using System.Security.Cryptography;
using System.Text;

namespace Approvals.Persistence.Migrations;

/// <summary>One versioned SQL script, <c>NNNN_name.sql</c>. Once applied anywhere it must never change.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    public string Id => $"{Version:0000}_{Name}";

    /// <summary>SHA-256 of the script with line endings normalised, so a checkout on Windows does not differ.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
