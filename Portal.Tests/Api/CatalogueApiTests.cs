using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>The platform manages the event catalogue by API (the admin form's rules), and publishing enforces each
/// type's schema validation mode.</summary>
public abstract class CatalogueApiTests(PortalAppFactory host)
{
    private static readonly object AmountSchema = new
    {
        type = "object",
        required = new[] { "amount" },
        properties = new { amount = new { type = "integer" } },
    };

    [Fact]
    public async Task The_platform_creates_updates_archives_and_restores_an_event_type()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Catalogue reader");
        var name = await platform.CreateEventTypeAsync("reject", AmountSchema);

        using var listed = await tenant.Client.GetAsync(ApiTestHelpers.Api("event-types"));
        using var updated = await platform.PutAsJsonAsync(ApiTestHelpers.Api($"event-types/{name}"), new
        {
            category = "Billing",
            description = "Changed.",
            sample = new { amount = 5 },
            schema = AmountSchema,
            schemaValidation = "warn",
        });
        using var archived = await platform.PostAsync(ApiTestHelpers.Api($"event-types/{name}/archive"), null);
        using var publishArchived = await platform.PostJsonAsync("events", new { eventType = name, data = new { amount = 1 }, tenantId = tenant.Id });
        using var restored = await platform.PostAsync(ApiTestHelpers.Api($"event-types/{name}/restore"), null);

        var type = (await listed.JsonAsync()).AsArray().Single(t => t!["name"]!.GetValue<string>() == name)!;
        Assert.Equal("reject", type["schemaValidation"]!.GetValue<string>());
        Assert.Contains("amount", type["schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var changed = await updated.JsonAsync();
        Assert.Equal(("Billing", "warn"), (changed["category"]!.GetValue<string>(), changed["schemaValidation"]!.GetValue<string>()));
        Assert.True((await archived.JsonAsync())["archived"]!.GetValue<bool>());
        Assert.Contains("eventType", (await publishArchived.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.False((await restored.JsonAsync())["archived"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_api_applies_the_forms_rules()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Catalogue writer");
        object Type(string name, object? schema = null, string? mode = null, object? sample = null) => new
        {
            name, category = "Payments", description = "Test.", sample = sample ?? new { amount = 1 }, schema, schemaValidation = mode,
        };

        using var badName = await platform.PostJsonAsync("event-types", Type("not a name"));
        using var taken = await platform.PostJsonAsync("event-types", Type("invoice.status"));
        using var badMode = await platform.PostJsonAsync("event-types", Type("payment.mode", AmountSchema, "sometimes"));
        using var modeWithoutSchema = await platform.PostJsonAsync("event-types", Type("payment.noschema", null, "reject"));
        using var sampleMismatch = await platform.PostJsonAsync("event-types", Type("payment.sample", AmountSchema, "warn", new { amount = "x" }));
        using var badSchema = await platform.PostJsonAsync("event-types", Type("payment.schema", new { foo = 1 }));
        using var unknown = await platform.PostAsync(ApiTestHelpers.Api("event-types/nothing.here/archive"), null);
        using var rename = await platform.PutAsJsonAsync(ApiTestHelpers.Api("event-types/invoice.status"), Type("invoice.renamed"));
        using var byTenant = await tenant.Client.PostJsonAsync("event-types", Type("payment.tenant"));

        Assert.Contains("name", (await badName.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("name", (await taken.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("schemaValidation", (await badMode.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("schemaValidation", (await modeWithoutSchema.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("sample", (await sampleMismatch.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("schema", (await badSchema.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("name", (await rename.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        await byTenant.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Aliases_and_the_default_transformation_are_set_kept_when_omitted_and_checked()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Alias publisher");
        var name = await platform.CreateEventTypeAsync("off", null);
        var alias = name.Replace("payment.", "payment-x.", StringComparison.Ordinal);
        const string Script = "function handler(webhook) { webhook.payload = { paid: webhook.payload.data.amount }; return webhook; }";
        object Body(object? aliases, string? script) => new
        {
            category = "Payments", description = "A payment was received.", sample = new { amount = 10 },
            aliases, defaultTransformation = script,
        };

        using var set = await platform.PutAsJsonAsync(ApiTestHelpers.Api($"event-types/{name}"), Body(new[] { alias }, Script));
        using var kept = await platform.PutAsJsonAsync(ApiTestHelpers.Api($"event-types/{name}"), Body(null, null));
        using var published = await platform.PostJsonAsync("events", new { eventType = alias, data = new { amount = 3 }, tenantId = tenant.Id });
        using var taken = await platform.PutAsJsonAsync(ApiTestHelpers.Api("event-types/invoice.status"), Body(new[] { alias }, null));
        using var failing = await platform.PutAsJsonAsync(ApiTestHelpers.Api($"event-types/{name}"),
            Body(null, "function handler(webhook) { return webhook.payload.data.missing.field; }"));
        using var cleared = await platform.PutAsJsonAsync(ApiTestHelpers.Api($"event-types/{name}"), Body(Array.Empty<string>(), ""));

        var afterSet = await set.JsonAsync();
        Assert.Equal([alias], afterSet["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(Script, afterSet["defaultTransformation"]!.GetValue<string>());
        var afterKept = await kept.JsonAsync();
        Assert.Equal([alias], afterKept["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(Script, afterKept["defaultTransformation"]!.GetValue<string>());
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        Assert.Contains("aliases", (await taken.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("defaultTransformation", (await failing.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        var afterCleared = await cleared.JsonAsync();
        Assert.Empty(afterCleared["aliases"]!.AsArray());
        Assert.Null(afterCleared["defaultTransformation"]);
    }

    [Fact]
    public async Task Reject_refuses_mismatching_data_naming_each_path()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Schema reject");
        var name = await platform.CreateEventTypeAsync("reject", AmountSchema);

        using var wrongType = await tenant.Client.PostJsonAsync("events", new { eventType = name, data = new { amount = "ten" } });
        using var missing = await tenant.Client.PostJsonAsync("events", new { eventType = name, data = new { other = 1 } });
        using var valid = await tenant.Client.PostJsonAsync("events", new { eventType = name, data = new { amount = 10 } });
        using var batch = await tenant.Client.PostJsonAsync("events/batch", new
        {
            events = new object[] { new { eventType = name, data = new { amount = 1 } }, new { eventType = name, data = new { amount = 1.5 } } },
        });

        var problem = await wrongType.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["data.amount"], problem.FieldErrors());
        Assert.Contains("integer", problem["errors"]!["data.amount"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["data.amount"], (await missing.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.Null((await valid.JsonAsync())["warnings"]);
        Assert.Equal((HttpStatusCode)207, batch.StatusCode);
        var results = (await batch.JsonAsync())["results"]!.AsArray();
        Assert.Equal(202, results[0]!["status"]!.GetValue<int>());
        Assert.Equal(["data.amount"], results[1]!["error"]!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Warn_accepts_mismatching_data_with_warnings_and_off_does_not_check()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Schema warn");
        var warned = await platform.CreateEventTypeAsync("warn", AmountSchema);
        var documented = await platform.CreateEventTypeAsync("off", AmountSchema);

        using var warn = await tenant.Client.PostJsonAsync("events", new { eventType = warned, data = new { amount = "ten" } });
        using var batch = await tenant.Client.PostJsonAsync("events/batch",
            new { events = new[] { new { eventType = warned, data = new { amount = "ten" } } } });
        using var off = await tenant.Client.PostJsonAsync("events", new { eventType = documented, data = new { amount = "ten" } });

        Assert.Equal(HttpStatusCode.Accepted, warn.StatusCode);
        var warning = Assert.Single((await warn.JsonAsync())["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("data.amount: ", warning, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal([warning], ((await batch.JsonAsync())["results"]![0]!["warnings"]!.AsArray()).Select(w => w!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Accepted, off.StatusCode);
        Assert.Null((await off.JsonAsync())["warnings"]);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteCatalogueApiTests(SqliteHost host) : CatalogueApiTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresCatalogueApiTests(PostgresHost host) : CatalogueApiTests(host.Factory);
