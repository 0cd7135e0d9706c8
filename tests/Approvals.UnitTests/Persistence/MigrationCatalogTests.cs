using Approvals.Persistence;
using Approvals.Persistence.Migrations;

namespace Approvals.UnitTests.Persistence;

public class MigrationCatalogTests
{
    [Fact]
    public void Every_provider_has_the_same_migrations_in_the_same_order()
    {
        var sqlite = MigrationCatalog.For(DatabaseProvider.Sqlite).Select(s => s.Id).ToList();
        var postgres = MigrationCatalog.For(DatabaseProvider.PostgreSql).Select(s => s.Id).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
        Assert.Equal(Enumerable.Range(1, sqlite.Count), MigrationCatalog.For(DatabaseProvider.Sqlite).Select(s => s.Version));
    }

    [Fact]
    public void The_checksum_ignores_line_endings_but_not_content()
    {
        var unix = new MigrationScript(1, "x", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
        var windows = new MigrationScript(1, "x", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
        var edited = new MigrationScript(1, "x", "CREATE TABLE a (id bigint);\nCREATE TABLE b (id int);\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
    }
}
