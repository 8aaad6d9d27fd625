namespace Portal.Access;

/// <summary>Names shared by the API's authentication and authorization.</summary>
public static class ApiAuthentication
{
    /// <summary>Picks <see cref="ApiKeyScheme"/> when an X-API-Key header is present, the JWT bearer scheme otherwise.</summary>
    public const string Scheme = "PortalApi";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "ApiBearer";
    public const string ApiKeyHeader = "X-API-Key";

    /// <summary>Any API credential (platform keys included).</summary>
    public const string Policy = "Api";

    /// <summary>An API credential of one tenant (platform keys are refused with 403).</summary>
    public const string TenantPolicy = "ApiTenant";

    /// <summary>A platform credential: a platform key or a platform OAuth client (no tenant claim). Tenant
    /// credentials are refused with 403.</summary>
    public const string PlatformPolicy = "ApiPlatform";

    public const string TokenIssuer = "portal";
    public const string TokenAudience = "portal-api";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
}

public static class ApiClaimTypes
{
    /// <summary>Which credential made the request ("key:&lt;id&gt;" or "client:&lt;client id&gt;"): the rate limit's partition.</summary>
    public const string Credential = "portal:credential";
    public const string ClientId = "client_id";
    public const string Name = "name";
}
