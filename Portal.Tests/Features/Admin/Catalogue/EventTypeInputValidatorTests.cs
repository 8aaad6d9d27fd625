using Portal.Domain.Catalogue;
using Portal.Features.Admin.Catalogue;

namespace Portal.Tests.Features.Admin.Catalogue;

public sealed class EventTypeInputValidatorTests : IAsyncLifetime
{
    private const string OrderSchema = """
        {"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}
        """;

    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        db.EventTypes.Add(TestData.EventType("invoice.status", "Invoice"));
        db.EventTypes.Add(TestData.EventType("legal_entity.onboarding", "Onboarding"));
        db.EventTypeAliases.Add(new EventTypeAlias("legal-entity.onboarding", "legal_entity.onboarding"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static EventTypeInput Valid() => new()
    {
        Name = "order.created",
        Category = "Orders",
        Description = "An order was placed.",
        SamplePayload = """{"id":42}""",
        Schema = OrderSchema,
    };

    private async Task<Dictionary<string, string[]>> ErrorsAsync(EventTypeInput input) =>
        (await new EventTypeInputValidator(_database.Factory, TestShaping.Check(_database)).ValidateAsync(input)).Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    [Fact]
    public async Task A_complete_input_is_valid() => Assert.Empty(await ErrorsAsync(Valid()));

    [Fact]
    public async Task Schema_is_optional()
    {
        var input = Valid();
        input.Schema = "  ";
        Assert.Empty(await ErrorsAsync(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("order created")]
    [InlineData("1order.created")]
    [InlineData("order..created")]
    [InlineData("order.created\n")]
    public async Task Name_must_be_object_action(string name)
    {
        var input = Valid();
        input.Name = name;
        Assert.Contains(nameof(EventTypeInput.Name), (await ErrorsAsync(input)).Keys);
    }

    [Fact]
    public async Task Name_must_be_unique_for_a_new_type()
    {
        var input = Valid();
        input.Name = "invoice.status";
        var errors = await ErrorsAsync(input);
        Assert.Equal(["An event type named 'invoice.status' already exists."], errors[nameof(EventTypeInput.Name)]);
    }

    [Fact]
    public async Task An_edited_type_keeps_its_own_name()
    {
        var input = Valid();
        input.Id = Guid.NewGuid();
        input.Name = "invoice.status";
        Assert.Empty(await ErrorsAsync(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\": 42")]
    [InlineData("id=42")]
    public async Task Sample_payload_must_be_json(string sample)
    {
        var input = Valid();
        input.Schema = null;
        input.SamplePayload = sample;
        Assert.Equal(["The sample payload is not valid JSON."], (await ErrorsAsync(input))[nameof(EventTypeInput.SamplePayload)]);
    }

    [Theory]
    [InlineData("{\"type\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"foo\":1}", "Not a JSON schema")]
    [InlineData("{\"type\":\"object\",\"required\":5}", "Not a valid JSON schema")]
    [InlineData("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}", "Only local references")]
    public async Task Schema_must_be_a_json_schema(string schema, string expected)
    {
        var input = Valid();
        input.Schema = schema;
        var message = Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.Schema)]);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"forty-two\"}")]
    [InlineData("{\"name\":\"no id\"}")]
    public async Task Sample_payload_must_match_the_schema(string sample)
    {
        var input = Valid();
        input.SamplePayload = sample;
        var message = Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.SamplePayload)]);
        Assert.StartsWith("The sample payload does not match the schema", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SchemaValidation.Warn)]
    [InlineData(SchemaValidation.Reject)]
    public async Task Checking_published_events_needs_a_schema(SchemaValidation mode)
    {
        var input = Valid();
        input.SchemaValidation = mode;
        Assert.Empty(await ErrorsAsync(input));

        input.Schema = null;
        var message = Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.SchemaValidation)]);
        Assert.StartsWith("Checking published events needs a schema", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order created", "is not a valid alias")]
    [InlineData("order.created", "must differ from the type's own name")]
    [InlineData("invoice.status", "'invoice.status' is already the name of an event type.")]
    [InlineData("legal-entity.onboarding", "'legal-entity.onboarding' is already an alias of legal_entity.onboarding.")]
    public async Task Aliases_follow_the_name_rules_and_are_unique_across_names_and_aliases(string alias, string message)
    {
        var input = Valid();
        input.Aliases = [alias];
        Assert.Contains(message, Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.Aliases)]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_type_keeps_its_own_aliases_and_a_new_type_cannot_take_an_alias_as_its_name()
    {
        var own = new EventTypeInput
        {
            Id = Guid.NewGuid(), Name = "legal_entity.onboarding", Category = "Onboarding", Description = "Changed.",
            Aliases = ["legal-entity.onboarding", "legal-entity.onboarded"],
        };
        Assert.Empty(await ErrorsAsync(own));

        var input = Valid();
        input.Name = "legal-entity.onboarding";
        Assert.Contains("already an alias", Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.Name)]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_transformation_is_test_run_against_the_sample()
    {
        var input = Valid();
        input.DefaultTransformation = "function handler(webhook) { webhook.payload = { id: webhook.payload.data.id }; return webhook; }";
        Assert.Empty(await ErrorsAsync(input));

        input.DefaultTransformation = "function handler(webhook) { return webhook.payload.data.missing.field; }";
        Assert.Contains("Test run against the sample failed",
            Assert.Single((await ErrorsAsync(input))[nameof(EventTypeInput.DefaultTransformation)]), StringComparison.Ordinal);

        input.DefaultTransformation = "function handler(webhook { return webhook; }";
        Assert.Contains(nameof(EventTypeInput.DefaultTransformation), (await ErrorsAsync(input)).Keys);
    }
}
