using Approvals.Persistence.Conventions;

namespace Approvals.UnitTests.Persistence;

public class SnakeCaseNamesTests
{
    [Theory]
    [InlineData("Id", "id")]
    [InlineData("SubjectType", "subject_type")]
    [InlineData("LeaseExpiresAt", "lease_expires_at")]
    [InlineData("HTTPRequestId", "http_request_id")]
    [InlineData("Area2024Hectares", "area2024_hectares")]
    public void Property_names_become_snake_case_column_names(string name, string expected) =>
        Assert.Equal(expected, SnakeCaseNames.ToSnakeCase(name));
}
