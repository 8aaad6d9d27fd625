using Portal.Common;
using Portal.Features.Publishing;

namespace Portal.Tests.Features.Publishing;

public sealed class PublishRulesTests
{
    private static readonly Guid Tenant = Guid.NewGuid();

    [Theory]
    [InlineData("null", "The event data must be a JSON object.")]
    [InlineData("[1]", "The event data must be a JSON object.")]
    [InlineData("{", "The event data is not valid JSON.")]
    public void Data_that_is_not_an_object_is_refused_before_anything_else(string data, string message)
    {
        var error = PublishRules.Check(new PublishEvent(Tenant, "", data, new string('k', 500)));

        Assert.Equal(ErrorKind.Validation, error!.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_missing_type_then_a_long_idempotency_key_are_refused()
    {
        Assert.Equal("The event type is required.", PublishRules.Check(new PublishEvent(Tenant, " ", "{}"))!.Message);
        Assert.StartsWith("The idempotency key must be at most",
            PublishRules.Check(new PublishEvent(Tenant, "invoice.status", "{}", new string('k', 201)))!.Message);
        Assert.Null(PublishRules.Check(new PublishEvent(Tenant, "invoice.status", "{}", "key-1")));
    }
}
