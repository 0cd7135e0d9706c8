using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>What every monitoring view needs besides its query parameters (bound with [AsParameters], as eShop's service bags).</summary>
public sealed record MonitoringServices(ClaimsPrincipal User, ApprovalsDbContext Db, EngineContext Engine, TimeProvider Time, IConfiguration Configuration);
