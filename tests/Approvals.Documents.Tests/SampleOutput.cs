namespace Approvals.Documents.Tests;

/// <summary>Writes a rendered sample where APPROVALS_LETTER_SAMPLE asks (e.g. to make the docs' picture of a letter).</summary>
internal static class SampleOutput
{
    public const string Variable = "APPROVALS_LETTER_SAMPLE";

    public static void WriteIfRequested(byte[] pdf)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(path))
        {
            File.WriteAllBytes(path, pdf);
        }
    }
}
