using System.Text;

namespace Portal.Features.Inbox;

/// <summary>The request inbox: <c>/inbox/{tenantId}</c> accepts what a subscription sends and shows it on the
/// Inbox page. Development only (or <c>Inbox:Enabled=true</c>): in production it would be an open relay.</summary>
public static class InboxEndpoint
{
    private const int MaxBodyChars = 256 * 1024;

    public static IServiceCollection AddPortalInbox(this IServiceCollection services)
    {
        services.AddSingleton<RequestInbox>();
        services.AddScoped<InboxSignatureVerifier>();
        return services;
    }

    public static IEndpointRouteBuilder MapPortalInbox(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var enabled = services.GetRequiredService<IHostEnvironment>().IsDevelopment()
                      || services.GetRequiredService<IConfiguration>().GetValue<bool>("Inbox:Enabled");
        if (enabled)
            endpoints.MapMethods("/inbox/{tenantId:guid}/{**rest}", ["POST", "PUT", "PATCH"], ReceiveAsync)
                .ExcludeFromDescription().DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(Guid tenantId, HttpRequest request, RequestInbox inbox,
        InboxSignatureVerifier verifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyChars + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxBodyChars)
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = new string(buffer, 0, read);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var signature = await verifier.CheckAsync(tenantId, headers, body, cancellationToken);
        inbox.Record(tenantId, new InboxRequest(Guid.CreateVersion7(), clock.GetUtcNow(), request.Method,
            request.Path + request.QueryString, headers, body, signature));
        return TypedResults.Ok(new { received = true });
    }
}
