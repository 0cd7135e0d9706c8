using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>What the engine needs from outside, handed in so that it stays pure: the calendar, the catalogue, new ids.</summary>
public sealed record EngineContext(WorkingDayCalendar Calendar, Catalogue Catalogue, Func<Guid> NewId)
{
    public static Func<Guid> SortableIds => Guid.CreateVersion7;
}

/// <summary>The state after a command, and the effects to record with it.</summary>
public sealed record Transition(InstanceState State, IReadOnlyList<Effect> Effects);
