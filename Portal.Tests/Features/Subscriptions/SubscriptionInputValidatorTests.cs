using Portal.Features.Subscriptions.Editor;
using Portal.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionInputValidatorTests
{
    private static SubscriptionInput Valid() => new()
    {
        Name = "ERP",
        Url = "https://erp.example.com/hooks",
        EventTypes = ["invoice.status"],
    };

    private static Dictionary<string, string[]> Errors(SubscriptionInput input, bool requireHttps = true) =>
        new SubscriptionInputValidator(new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions { RequireHttpsForSignedEndpoints = requireHttps }))
            .Validate(input).Errors.GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    [Fact]
    public void A_complete_input_is_valid() => Assert.Empty(Errors(Valid()));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative")]
    [InlineData("https://user:pw@example.com/")]
    public void Url_must_be_absolute_http_or_https(string url)
    {
        var input = Valid();
        input.Url = url;
        Assert.Contains(nameof(SubscriptionInput.Url), Errors(input).Keys);
    }

    [Fact]
    public void Signed_endpoints_need_https_when_configured()
    {
        var input = Valid();
        input.Url = "http://erp.example.com/hooks";
        Assert.Equal(["Signed endpoints must use HTTPS."], Errors(input)[nameof(SubscriptionInput.Url)]);
        Assert.Empty(Errors(input, requireHttps: false));
        input.SigningScheme = SigningScheme.None;
        Assert.Empty(Errors(input));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(null)]
    public void Akuiteo_presets_need_one_to_eight_attempts(int? attempts)
    {
        var input = Valid();
        input.RetryPreset = RetryPreset.Akuiteo;
        input.MaxAttempts = attempts;
        Assert.Contains("MaxAttempts", Errors(input).Keys);
    }

    [Fact]
    public void At_least_one_event_type_is_needed()
    {
        var input = Valid();
        input.EventTypes = [];
        Assert.Equal(["Pick at least one event type."], Errors(input)[nameof(SubscriptionInput.EventTypes)]);
    }

    [Fact]
    public void Failure_notification_needs_a_valid_address()
    {
        var input = Valid();
        input.NotifyOnFailure = true;
        Assert.Contains(nameof(SubscriptionInput.NotifyEmail), Errors(input).Keys);
        input.NotifyEmail = "not-an-address";
        Assert.Equal(["Enter a valid e-mail address."], Errors(input)[nameof(SubscriptionInput.NotifyEmail)]);
    }

    [Theory]
    [InlineData("X Bad")]
    [InlineData("webhook-id")]
    [InlineData("Content-Type")]
    public void Header_names_must_be_valid_and_not_reserved(string name)
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = name, Value = "v" }];
        Assert.Contains(Errors(input).Keys, k => k.StartsWith("Headers[0]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Content-Encoding", "'Content-Encoding' cannot be configured: it describes how the body is framed or encoded, which HTTP sets from the body Portal sends.")]
    [InlineData("Expect", "'Expect' cannot be configured: it would make Portal wait for an interim answer before sending the body.")]
    [InlineData("Keep-Alive", "'Keep-Alive' cannot be configured: it controls the connection to the next hop, not the request to your endpoint.")]
    public void Header_names_say_why_they_are_refused(string name, string message)
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = name, Value = "v" }];
        Assert.Equal([message], Errors(input)["Headers[0].Name"]);
    }

    [Theory]
    [InlineData("é")]
    [InlineData("a\u2028b")]
    [InlineData("a\u0085b")]
    [InlineData("a\r\nX-Injected: 1")]
    public void Header_values_and_header_tokens_must_be_printable_ASCII(string value)
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = "X-Env", Value = value }];
        input.AuthType = AuthType.Header;
        input.AuthKey = "X-Auth";
        input.AuthToken = value;
        var errors = Errors(input);
        Assert.Contains("printable ASCII", Assert.Single(errors["Headers[0].Value"]), StringComparison.Ordinal);
        Assert.Contains("printable ASCII", Assert.Single(errors[nameof(SubscriptionInput.AuthToken)]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_token_may_hold_any_character_but_a_line_break()
    {
        var input = Valid();
        input.AuthType = AuthType.Query;
        input.AuthKey = "token";
        input.AuthToken = "clé secrète";
        Assert.Empty(Errors(input));
        input.AuthToken = "a\nb";
        Assert.Equal(["The token cannot contain line breaks."], Errors(input)[nameof(SubscriptionInput.AuthToken)]);
    }

    [Fact]
    public void Header_auth_needs_a_key_and_on_create_a_token()
    {
        var input = Valid();
        input.AuthType = AuthType.Header;
        var errors = Errors(input);
        Assert.Contains(nameof(SubscriptionInput.AuthKey), errors.Keys);
        Assert.Contains(nameof(SubscriptionInput.AuthToken), errors.Keys);

        input.Id = Guid.NewGuid(); // editing: a blank token keeps the stored one
        input.AuthKey = "Bearer";
        Assert.Empty(Errors(input));
    }

    [Fact]
    public void A_bad_custom_schedule_is_reported_on_its_field()
    {
        var input = Valid();
        input.RetryPreset = RetryPreset.Custom;
        input.DelaysSeconds = "5,abc";
        Assert.Contains("DelaysSeconds", Errors(input).Keys);
    }
}
