using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>A figure as planned (approved) and as measured at acceptance; a shortfall where less was measured than planned.</summary>
public sealed record MeasuredFigure(string Code, string Name, string? Unit, decimal? Planned, decimal Measured)
{
    /// <summary>How much less than planned was measured (null when the plan named no figure, or it was met).</summary>
    public decimal? Shortfall => Planned is { } planned && Measured < planned ? planned - Measured : null;
}

/// <summary>What an acceptance task shows: each figure measured so far beside the approved plan, in the catalogue's names.</summary>
public static class MeasuredFigures
{
    public static IReadOnlyList<MeasuredFigure> Compare(ProjectSnapshot project, Catalogue catalogue) =>
        [.. project.Measured.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MeasuredFigure(
            m.Key, catalogue.Fact(m.Key)?.Name ?? m.Key, catalogue.Fact(m.Key)?.Unit,
            project.Facts.Numbers.TryGetValue(m.Key, out var planned) ? planned : null, m.Value))];
}
