using Portal.Common;
using Portal.Domain.Catalogue;
using Portal.Features.Publishing;

namespace Portal.Tests.Features.Publishing;

public sealed class EventSchemasTests
{
    private const string Schema = """
        {
          "type": "object",
          "required": ["amount"],
          "properties": {
            "amount": { "type": "integer" },
            "customer": { "type": "object", "properties": { "name": { "type": "string" } } },
            "lines": { "type": "array", "items": { "type": "object", "properties": { "qty": { "type": "integer" } } } }
          }
        }
        """;

    private readonly EventSchemas _schemas = new();

    [Fact]
    public async Task Off_checks_nothing()
    {
        var result = await _schemas.ApplyAsync("order.created", SchemaValidation.Off, Schema, """{"amount":"ten"}""");

        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task Without_a_schema_nothing_is_checked_whatever_the_mode()
    {
        var result = await _schemas.ApplyAsync("order.created", SchemaValidation.Reject, null, """{"amount":"ten"}""");

        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task Matching_data_passes_in_every_mode()
    {
        foreach (var mode in Enum.GetValues<SchemaValidation>())
            Assert.Empty((await _schemas.ApplyAsync("order.created", mode, Schema, """{"amount":10}""")).Value!);
    }

    [Fact]
    public async Task Warn_lists_each_failing_path_under_data()
    {
        var result = await _schemas.ApplyAsync("order.created", SchemaValidation.Warn, Schema,
            """{"amount":"ten","customer":{"name":5},"lines":[{"qty":1},{"qty":"two"}]}""");

        var warnings = result.Value!;
        Assert.Contains("data.amount: integer expected", warnings);
        Assert.Contains(warnings, w => w.StartsWith("data.customer.name: ", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("data.lines[1].qty: ", StringComparison.Ordinal));
        Assert.Equal(3, warnings.Length);
    }

    [Fact]
    public async Task Reject_is_a_validation_error_keyed_by_path()
    {
        var result = await _schemas.ApplyAsync("order.created", SchemaValidation.Reject, Schema, """{"customer":{}}""");

        var error = Assert.IsType<Error>(result.Error);
        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal(["property required"], error.Fields!["data.amount"]);
        Assert.Contains("order.created", error.Message, StringComparison.Ordinal);
    }
}
