using System.Net;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Subscriptions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>A bug behind an API route: the client gets a 500 ProblemDetails, and nothing of the exception.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ApiErrorTests
{
    private const string Internals = "secret internals of a bug";

    [Fact]
    public async Task Unknown_exceptions_are_a_500_problem_without_internals()
    {
        await using var factory = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IValidator<SubscriptionInput>, BrokenValidator>()));
        using var tenant = await host.CreateApiTenantAsync("Broken");

        using var response = await tenant.Client.PostJsonAsync("subscriptions",
            new { name = "x", url = "http://127.0.0.1:9/", eventTypes = ApiTestHelpers.Types("invoice.status") });

        await response.ProblemAsync(HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Internals, body, StringComparison.Ordinal);
        Assert.DoesNotContain("BrokenValidator", body, StringComparison.Ordinal);
    }

    private sealed class BrokenValidator : AbstractValidator<SubscriptionInput>
    {
        public override Task<ValidationResult> ValidateAsync(ValidationContext<SubscriptionInput> context,
            CancellationToken cancellation = default) => throw new InvalidOperationException(Internals);
    }
}
