using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Approvals.Server.OpenApi;

/// <summary>
/// What every API operation shares, written once: commands take an Idempotency-Key header, and signed-in
/// endpoints answer 401 and 403 as ProblemDetails, commands 409 when someone acted first. Endpoint-specific answers come from their typed results.
/// </summary>
internal sealed class CommandDocumentation : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IdempotentCommand>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotentCommand.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "Any unique string (e.g. a UUID) per intended action. Sending the same key again replays the first answer " +
                    "(with Idempotent-Replayed: true) and does nothing else; the same key with another request is refused with 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotentCommand.MaxKeyLength },
            });
            AddProblem(operation, "400", "Missing Idempotency-Key, or a body that is not the JSON expected (errors name the JSON path).");
            AddProblem(operation, "422", "The content is not acceptable: errors name each field.");
            AddProblem(operation, "409", "Someone acted first (the task is decided, the draft was edited, the project started): `current` holds the resource as it now stands.");
        }

        if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            AddProblem(operation, "404", "No such resource.");
        }

        if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
        {
            AddProblem(operation, "401", "Not signed in.");
            AddProblem(operation, "403", "Outside your scope (another department, jurisdiction or village); nothing about the resource is told.");
        }

        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey(status))
        {
            operation.Responses[status] = new OpenApiResponse { Description = description };
        }
    }
}
