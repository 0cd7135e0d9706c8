namespace Approvals.Testing;

/// <summary>The checkout the tests run from, for files the service ships (workflows/, docker/).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Approvals.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Approvals.sln not found above " + AppContext.BaseDirectory);
    }
}
