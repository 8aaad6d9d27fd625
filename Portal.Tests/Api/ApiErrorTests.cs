using System.Net;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Features.Subscriptions.Editor;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>A bug behind an API route: the client gets a 500 ProblemDetails, and nothing of the exception; a request
/// the host cannot read is the client's error, not a 500.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ApiErrorTests(SqliteHost fixture)
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

    /// <summary>An unreadable body is the client's error: a 400 for the client, not an error in the operator's logs
    /// (which alert on them); a bug still is.</summary>
    [Fact]
    public async Task Unreadable_requests_are_not_logged_as_errors_but_bugs_are()
    {
        var logs = new ErrorLog();
        await using var factory = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services
            .AddScoped<IValidator<SubscriptionInput>, BrokenValidator>()
            .AddSingleton<ILoggerProvider>(logs)));
        using var tenant = await host.CreateApiTenantAsync("Logs");

        using var malformed = await tenant.Client.PostAsync(ApiTestHelpers.Api("events"),
            new StringContent("{\"eventType\":", System.Text.Encoding.UTF8, "application/json"));
        await malformed.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(logs.Errors);

        using var bug = await tenant.Client.PostJsonAsync("subscriptions",
            new { name = "x", url = "http://127.0.0.1:9/", eventTypes = ApiTestHelpers.Types("invoice.status") });
        await bug.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Contains(logs.Errors, e => e.Contains(Internals, StringComparison.Ordinal));
    }

    /// <summary>Issue 16: the JSON reader threw on the unknown charset (a 500).</summary>
    [Theory]
    [InlineData("subscriptions", "application/json; charset=bogus")]
    [InlineData("events", "application/json; charset=\"x-unknown\"")]
    public async Task Unknown_charset_is_a_415_problem(string path, string contentType)
    {
        using var tenant = await fixture.Factory.CreateApiTenantAsync("Charset");
        using var body = new ByteArrayContent("{\"name\":\"x\"}"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api(path), body);

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("charset", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_charsets_are_still_read()
    {
        using var tenant = await fixture.Factory.CreateApiTenantAsync("Utf8");
        using var body = new ByteArrayContent("{\"url\":\"nope\"}"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=\"UTF-8\"");

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api("subscriptions"), body);

        Assert.Contains("url", (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }

    private sealed class BrokenValidator : AbstractValidator<SubscriptionInput>
    {
        public override Task<ValidationResult> ValidateAsync(ValidationContext<SubscriptionInput> context,
            CancellationToken cancellation = default) => throw new InvalidOperationException(Internals);
    }
}

/// <summary>Error-level log entries (message and exception) from every category.</summary>
internal sealed class ErrorLog : ILoggerProvider, ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            _errors.Enqueue($"{formatter(state, exception)} {exception}");
    }

    public void Dispose() { }
}
