namespace Approvals.Documents;

/// <summary>The one lock every use of PDFsharp's process-wide font state goes through (loading a font, rendering).</summary>
internal static class PdfSharpAccess
{
    public static readonly object Gate = new();
}
