using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace SocialLoss.Server;

/// <summary>
/// What the OpenAPI document (<c>/openapi/v1.json</c>) says beyond the routes' own descriptions: the title, a fixed
/// server, the tags, the bearer and X-Api-Key security schemes on every operation but <c>getHealth</c>, and the JSON-lines
/// form of the <c>submitCommands</c> body. The document is OpenAPI 3.0 so that client generators read it as it is.
/// </summary>
public static class OpenApiDescription
{
    /// <summary>The bearer security scheme's name.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>The header API key scheme's name (the same keys, as <c>X-Api-Key: KEY</c>).</summary>
    public const string HeaderScheme = "apiKey";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("commands", "Submit contract-v1 commands to the journaled engine."),
        ("accounts", "The caller, the accounts and their positions."),
        ("markets", "Markets and their ADL queues."),
        ("ledger", "Insurance fund, deficit, dashboard history and the full state."),
        ("events", "The event stream, paged or live (Server-Sent Events)."),
        ("keys", "API keys."),
        ("service", "Health and metrics."),
    ];

    /// <summary>Adds the document with its transformers.</summary>
    public static IServiceCollection AddSocialLossOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((doc, _, _) =>
            {
                Describe(doc);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (op, context, ct) =>
            {
                // /health needs no key: its one requirement is the empty one
                op.Security = op.OperationId == "getHealth" ? [new OpenApiSecurityRequirement()] : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] }];
                if (op.OperationId == "submitCommands")
                {
                    op.RequestBody = await CommandsBody(context, ct);
                    foreach (var p in op.Parameters?.OfType<OpenApiParameter>() ?? [])
                        if (p.Name == "Idempotency-Key")
                            p.Description = $"Makes the request idempotent: a retry with the same key and body gets the first answer; at most {CommandEndpoints.MaxIdempotencyKey} characters.";
                }
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // the contract documents carry the fields of their type beside the common ones (JsonExtensionData)
                if (context.JsonTypeInfo.Type is var t && (t == typeof(ContractCommand) || t == typeof(ContractEvent) || t == typeof(ContractState)))
                {
                    schema.AdditionalPropertiesAllowed = true;
                    schema.Properties?.Remove("fields");
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The body of <c>submitCommands</c>, declared here rather than by the route's Accepts metadata, which would make the
    /// router refuse (415) the bodies sent with other content types that the route reads as JSON lines.
    /// </summary>
    private static async Task<OpenApiRequestBody> CommandsBody(OpenApiOperationTransformerContext context, CancellationToken ct) => new()
    {
        Required = true,
        Description = "Commands: a JSON array of command objects (or one object), or JSON lines.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = await Component<ContractCommand>(context, ct) } },
            ["application/x-ndjson"] = new()
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One command object per line; blank lines and lines starting with // are skipped." },
            },
        },
    };

    /// <summary>A reference to the component schema of <typeparamref name="T"/>, added to the document when missing.</summary>
    private static async Task<IOpenApiSchema> Component<T>(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var name = typeof(T).Name;
        var doc = context.Document!;
        if (doc.Components?.Schemas?.ContainsKey(name) != true)
            doc.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), cancellationToken: ct));
        return new OpenApiSchemaReference(name, doc);
    }

    private static void Describe(OpenApiDocument doc)
    {
        doc.Info.Title = "SocialLoss clearing service";
        doc.Info.Version = "v1";
        doc.Info.Description = "Journaled clearing engine: contract-v1 commands in, events out (the README's Replay section is the contract). " +
            "Send an API key as `Authorization: Bearer KEY` or `X-Api-Key: KEY`. Operator keys may do everything; account keys read their own " +
            "account and events and submit withdrawals for it. Errors are RFC 9457 problem details; a bad command names its `line` and `field`.";
        // the document is the same whichever address served it: the default address of `socialloss serve`
        doc.Servers = [new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "socialloss serve (default --urls)" }];
        doc.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key made by `socialloss serve --create-operator-key` or POST /keys.",
        };
        doc.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "The same API key in a header of its own.",
        };
    }
}
