using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Features.Subscriptions.Lifecycle;
using Portal.Features.Subscriptions.Secrets;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Subscriptions;

/// <summary>The subscription use cases shared by the portal and the API, on the real host as a signed-in tenant.</summary>
public abstract class SubscriptionFeatureTests(PortalAppFactory host)
{
    [Fact]
    public async Task Create_returns_the_secret_once_and_stores_secrets_encrypted()
    {
        var tenant = await host.RegisterAsync("Create");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var input = new SubscriptionInput
        {
            Name = "ERP", Url = "http://127.0.0.1:9/hook", EventTypes = ["invoice.status", "invoice.inbound"],
            AuthType = AuthType.Header, AuthKey = "X-Auth", AuthToken = "tok-secret",
            Headers = [new HeaderInput { Name = "X-Env", Value = "prod-value" }],
        };

        var saved = (await scope.Get<SaveSubscription>().CreateAsync(input)).Value!;

        Assert.StartsWith("whsec_", saved.Secret, StringComparison.Ordinal);
        var stored = await scope.Get<PortalDbContext>().Subscriptions.AsNoTracking().SingleAsync(s => s.Id == saved.Id);
        Assert.Equal(tenant.Id, stored.TenantId);
        Assert.DoesNotContain("tok-secret", stored.Auth.ProtectedToken, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-value", stored.Headers[0].ProtectedValue, StringComparison.Ordinal);
        Assert.DoesNotContain(saved.Secret!, stored.Signing.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(saved.Secret, (await scope.Get<RevealSecret>().ExecuteAsync(saved.Id)).Value);
    }

    [Fact]
    public async Task Invalid_input_comes_back_as_field_errors_and_nothing_is_stored()
    {
        var tenant = await host.RegisterAsync("Invalid");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);

        var result = await scope.Get<SaveSubscription>().CreateAsync(new SubscriptionInput { Url = "nope" });

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("url", result.Error.Fields!.Keys);
        Assert.Contains("eventTypes", result.Error.Fields.Keys);
        Assert.Contains("name", result.Error.Fields.Keys);
        Assert.False(await scope.Get<PortalDbContext>().Subscriptions.AnyAsync());
    }

    [Fact]
    public async Task Unknown_event_types_are_refused()
    {
        var tenant = await host.RegisterAsync("Types");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);

        var result = await scope.Get<SaveSubscription>().CreateAsync(new SubscriptionInput
        {
            Name = "x", Url = "http://127.0.0.1:9/", EventTypes = ["invoice.status", "does.not_exist"],
        });

        Assert.Contains("does.not_exist", result.Error!.Fields!["eventTypes"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_with_blank_secrets_keeps_them_and_rsa_returns_the_public_key()
    {
        var tenant = await host.RegisterAsync("Edit");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var save = scope.Get<SaveSubscription>();
        var created = (await save.CreateAsync(new SubscriptionInput
        {
            Name = "A", Url = "http://127.0.0.1:9/", EventTypes = ["invoice.status"],
            AuthType = AuthType.Query, AuthKey = "token", AuthToken = "keep-me",
        })).Value!;
        var db = scope.Get<PortalDbContext>();
        var before = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == created.Id);

        var edit = SubscriptionInput.From(before);
        edit.Name = "B";
        var kept = (await save.UpdateAsync(created.Id, edit)).Value!;
        var after = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == created.Id);

        Assert.Null(kept.Secret);
        Assert.Equal("B", after.Name);
        Assert.Equal(before.Auth, after.Auth);
        Assert.Equal(before.Signing, after.Signing);

        edit.SigningScheme = SigningScheme.RsaSha256;
        var rsa = (await save.UpdateAsync(created.Id, edit)).Value!;
        Assert.Contains("BEGIN PUBLIC KEY", rsa.PublicKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_some_event_types_works_and_removing_the_last_is_refused()
    {
        var tenant = await host.RegisterAsync("Remove");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var id = (await scope.Get<SaveSubscription>().CreateAsync(new SubscriptionInput
        {
            Name = "A", Url = "http://127.0.0.1:9/", EventTypes = ["ledgerpayment", "statuschange"],
        })).Value!.Id;
        var lifecycle = scope.Get<SubscriptionLifecycle>();

        var partial = await lifecycle.RemoveEventTypesAsync(id, ["ledgerpayment"]);
        var last = await lifecycle.RemoveEventTypesAsync(id, ["statuschange"]);

        Assert.Equal(["statuschange"], partial.Value!.EventTypes.Select(e => e.Name));
        Assert.Equal(ErrorKind.Validation, last.Error!.Kind);
    }

    [Fact]
    public async Task Another_tenants_subscription_cannot_be_changed_deleted_or_pinged()
    {
        var owner = await host.RegisterAsync("Mine");
        var other = await host.RegisterAsync("Theirs");
        Guid id;
        await using (var scope = await host.CreateScopeSignedInAsync(owner.Owner))
            id = (await scope.Get<SaveSubscription>().CreateAsync(new SubscriptionInput
            {
                Name = "A", Url = "http://127.0.0.1:9/", EventTypes = ["invoice.status"],
            })).Value!.Id;

        await using var intruder = await host.CreateScopeSignedInAsync(other.Owner);
        Assert.Equal(ErrorKind.NotFound, (await intruder.Get<SubscriptionLifecycle>().DeleteAsync(id)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await intruder.Get<SubscriptionLifecycle>().PauseAsync(id)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await intruder.Get<SaveSubscription>().UpdateAsync(id, new SubscriptionInput
        {
            Name = "hijack", Url = "http://127.0.0.1:9/", EventTypes = ["invoice.status"],
        })).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await intruder.Get<TestEndpoint>().ExecuteAsync(id)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await intruder.Get<RevealSecret>().ExecuteAsync(id)).Error!.Kind);
    }

    [Fact]
    public async Task Test_ping_reports_the_response_without_history_and_a_sample_goes_to_one_subscription()
    {
        var tenant = await host.RegisterAsync("Ping");
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(202, Body: "accepted"));
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var save = scope.Get<SaveSubscription>();
        var target = (await save.CreateAsync(new SubscriptionInput
        {
            Name = "Target", Url = receiver.Url("/target"), EventTypes = ["employee.created"], SigningScheme = SigningScheme.None,
        })).Value!.Id;
        await save.CreateAsync(new SubscriptionInput
        {
            Name = "Bystander", Url = receiver.Url("/bystander"), EventTypes = ["invoice.status"], SigningScheme = SigningScheme.None,
        });

        var ping = (await scope.Get<TestEndpoint>().ExecuteAsync(target)).Value!;
        var sample = (await scope.Get<SendSampleEvent>().ExecuteAsync(target, "invoice.status")).Value!;
        var requests = await receiver.WaitForAsync(2);
        await host.WaitForDeliveryAsync(sample.EventId, d => d.Status == DeliveryStatus.Succeeded);

        Assert.True(ping.Succeeded);
        Assert.Equal((202, "accepted"), (ping.StatusCode, ping.ResponseSnippet));
        Assert.Equal(1, sample.Deliveries);
        Assert.All(requests, r => Assert.Equal("/target", r.PathAndQuery));
        Assert.Contains("portal.ping", requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"afnorStatus\"", requests[1].Body, StringComparison.Ordinal);
        Assert.Equal(1, await scope.Get<PortalDbContext>().Deliveries.CountAsync());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteSubscriptionFeatureTests(SqliteHost host) : SubscriptionFeatureTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresSubscriptionFeatureTests(PostgresHost host) : SubscriptionFeatureTests(host.Factory);
