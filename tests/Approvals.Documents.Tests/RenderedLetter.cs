namespace Approvals.Documents.Tests;

/// <summary>The long sample letter, rendered once for the PDF checks and kept in a temporary file for poppler's tools.</summary>
public sealed class RenderedLetter : IDisposable
{
    public RenderedLetter()
    {
        Letter = SampleLetters.Long();
        Pdf = new PdfLetterRenderer(SampleLetters.Fonts()).Render(Letter);
        SampleOutput.WriteIfRequested(Pdf);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"approvals-letter-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(Path, Pdf);
    }

    public Letter Letter { get; }

    public byte[] Pdf { get; }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
