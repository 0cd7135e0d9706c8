using System.Diagnostics;

namespace Approvals.FunctionalTests.Documents;

/// <summary>poppler's command-line tools (on the image; the test command installs poppler-utils), run on a PDF.</summary>
public static class PdfTools
{
    public static async Task<string> RunAsync(string tool, byte[] pdf, CancellationToken cancellationToken, params string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"approvals-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(file);
            if (tool == "pdftotext")
            {
                start.ArgumentList.Add("-");
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"{tool} is not installed (apt-get install poppler-utils; scripts/test.sh does): {ex.Message}");
            }

            using (process)
            {
                var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
