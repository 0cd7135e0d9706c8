using Approvals.Persistence;

namespace Approvals.UnitTests.Persistence;

public class ConnectionStringsTests
{
    [Theory]
    [InlineData("Host=db;Username=approvals;Password=s3cret", "s3cret")]
    [InlineData("Server=db;User Id=sa;PWD=hunter2", "hunter2")]
    public void Passwords_never_reach_a_log_line(string connectionString, string secret)
    {
        var shown = ConnectionStrings.Redact(connectionString);
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Contains("***", shown, StringComparison.Ordinal);
        Assert.Contains("db", shown, StringComparison.Ordinal);
    }
}
