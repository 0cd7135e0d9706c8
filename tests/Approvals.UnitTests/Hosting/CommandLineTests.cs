using Approvals.Server.Cli;

namespace Approvals.UnitTests.Hosting;

public class CommandLineTests
{
    [Fact]
    public void No_verb_runs_the_service_and_passes_options_to_the_host()
    {
        var parsed = CommandLine.Parse(["--urls", "http://127.0.0.1:8080"]);
        Assert.Equal(Verb.Serve, parsed.Verb);
        Assert.Equal(["--urls", "http://127.0.0.1:8080"], parsed.HostArgs);
    }

    [Fact]
    public void Db_migrate_keeps_the_options_that_follow_it()
    {
        var parsed = CommandLine.Parse(["db", "migrate", "--Approvals:Database:Provider", "Sqlite"]);
        Assert.Equal(Verb.DbMigrate, parsed.Verb);
        Assert.Equal(["--Approvals:Database:Provider", "Sqlite"], parsed.HostArgs);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised(string arg) => Assert.Equal(Verb.Help, CommandLine.Parse([arg]).Verb);

    [Fact]
    public void An_unknown_verb_is_a_usage_error_that_quotes_it()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(["db", "drop"]));
        Assert.Contains("'db drop'", error.Message, StringComparison.Ordinal);
    }
}
