using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Portal.Access;

namespace Portal.Api;

/// <summary>The OpenAPI document of the public API: only its routes (not the portal's account endpoints), with
/// the two ways to authenticate declared, a stable operationId and description on every operation, the ProblemDetails
/// answers described and examples on the main routes, so generated clients are usable and Spectral's spectral:oas
/// ruleset finds nothing to say.</summary>
internal static class ApiDocument
{
    private const string ApiKey = "ApiKey";
    private const string OAuth2 = "OAuth2";
    private const string Problem = "ProblemDetails";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description =>
            description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("oauth/", StringComparison.Ordinal));
        options.AddSchemaTransformer((schema, _, _) =>
        {
            // Numbers are also read from strings (the web defaults), but they are numbers: "integer or string" made
            // generated clients wrap every count in a union type.
            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
                && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            AddSecuritySchemes(document);
            FixSchemas(document);
            foreach (var (path, item) in document.Paths)
                foreach (var (method, operation) in item.Operations ?? [])
                    DescribeOperation(document, $"{method.Method.ToUpperInvariant()} {path}", path, operation);
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Portal API";
        document.Info.Description =
            "Publish events for your tenants, manage their webhook subscriptions and follow every delivery. Errors are " +
            "RFC 7807 ProblemDetails. Authenticate with X-API-Key or an OAuth2 client credentials token.";
        document.Info.Contact = new OpenApiContact { Name = "Portal operators" };
        // The server is the host that served the document; without a trailing slash, as clients join paths to it.
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url)
                server.Url = url.TrimEnd('/');
    }

    private static void AddSecuritySchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiAuthentication.ApiKeyHeader,
            Description = "A tenant's API key (or an operator's platform key).",
        };
        document.Components.SecuritySchemes[OAuth2] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Client credentials; send the token as Authorization: Bearer.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/oauth/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
            },
        };
    }

    private static void FixSchemas(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        // A batch's items are read one by one (so a bad one fails alone), but each has the single publish's shape.
        if (schemas.TryGetValue("PublishBatchRequest", out var batch) && batch.Properties is { } batchProperties
            && batchProperties.TryGetValue("events", out var eventsSchema) && eventsSchema is OpenApiSchema events)
            events.Items = new OpenApiSchemaReference("PublishEventRequest", document);
        schemas["TokenRequest"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "grant_type" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["grant_type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("client_credentials")] },
                ["client_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Unless sent as HTTP Basic." },
                ["client_secret"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Unless sent as HTTP Basic." },
            },
        };
        schemas.Remove("KeyValuePairOfstringAndStringValues");
        // Constructor parameters are listed as required even when null is allowed (and omitted on output): only the
        // ones that cannot be null are required.
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                foreach (var (name, property) in properties)
                    if (property.Type?.HasFlag(JsonSchemaType.Null) == true || property.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true)
                        required.Remove(name);
    }

    private static void DescribeOperation(OpenApiDocument document, string key, string path, OpenApiOperation operation)
    {
        if (!ApiOperations.All.TryGetValue(key, out var described))
            throw new InvalidOperationException($"{key} is not described in {nameof(ApiOperations)}: give it an operationId and a description.");
        operation.OperationId = described.Id;
        operation.Description = described.Description;
        operation.Responses ??= new OpenApiResponses();

        var errors = new SortedSet<int>(described.Errors);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            // Either scheme is enough: two requirements, not one with both.
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2, document)] = [] },
            ];
            errors.UnionWith([401, 403, 429]);
        }
        else
        {
            errors.UnionWith([401, 429]);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/x-www-form-urlencoded"] = new() { Schema = new OpenApiSchemaReference("TokenRequest", document) },
                },
            };
        }
        foreach (var status in errors)
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ApiOperations.ErrorDescriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, document) },
                },
            };
        ApiExamples.Apply(described.Id, operation);
    }
}
