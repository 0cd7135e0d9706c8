using Approvals.Runtime.Definitions;

namespace Approvals.Server.Cli;

internal static class WorkflowVerbs
{
    /// <summary>A line per valid definition on stdout; every error, with file and JSON path, on stderr.</summary>
    public static async Task<int> ValidateAsync(string directory, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var set = await WorkflowFolder.LoadAsync(directory, cancellationToken);
        foreach (var (definition, _) in set.Definitions)
        {
            var steps = definition.AllSteps().Count();
            output.WriteLine($"ok  {definition.Id} v{definition.Version}  {definition.Name}  ({steps} steps, {definition.Region.Name}, {definition.File})");
        }

        foreach (var error in set.Errors)
        {
            errors.WriteLine(error);
        }

        if (!set.IsValid)
        {
            errors.WriteLine($"{set.Errors.Count} error(s) in {directory}");
        }

        return set.IsValid ? 0 : 1;
    }
}
