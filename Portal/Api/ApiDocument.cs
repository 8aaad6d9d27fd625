using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Portal.Access;

namespace Portal.Api;

/// <summary>The OpenAPI document of the public API: only its routes (not the portal's account endpoints), with
/// the two ways to authenticate declared so generated clients know them.</summary>
internal static class ApiDocument
{
    private const string ApiKey = "ApiKey";
    private const string OAuth2 = "OAuth2";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description =>
            description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("oauth/", StringComparison.Ordinal));
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Portal API";
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
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                // Either scheme is enough: two requirements, not one with both.
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2, context.Document)] = [] },
                ];
            }
            return Task.CompletedTask;
        });
    }
}
