using System.Text;
using Portal.Domain.Common;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Deliveries;

public sealed class AttemptTests
{
    [Fact]
    public void New_attempt_belongs_to_its_delivery_and_tenant()
    {
        var delivery = new DeliveryBuilder().Build();

        var attempt = new AttemptBuilder().Of(delivery).Numbered(2).TriggeredManuallyBy("demo@acme.test").Build();

        Assert.Equal(delivery.Id, attempt.DeliveryId);
        Assert.Equal(delivery.TenantId, attempt.TenantId);
        Assert.Equal(2, attempt.Number);
        Assert.Equal(AttemptTrigger.Manual, attempt.Trigger);
        Assert.Equal("demo@acme.test", attempt.TriggeredBy);
        Assert.Null(attempt.ResponseStatus);
        Assert.False(attempt.Succeeded);
    }

    [Fact]
    public void First_attempt_is_number_zero()
    {
        Assert.Equal(0, new AttemptBuilder().Numbered(0).Build().Number);
    }

    [Fact]
    public void Negative_attempt_number_throws()
    {
        Assert.Throws<DomainException>(() => new AttemptBuilder().Numbered(-1).Build());
    }

    [Fact]
    public void RecordResponse_cuts_the_body_at_16_KiB()
    {
        var attempt = new AttemptBuilder().Build();
        var body = new string('x', Attempt.MaxResponseBodyChars + 500);

        attempt.RecordResponse(200, "{}", body, 42);

        Assert.Equal(16 * 1024, Attempt.MaxResponseBodyChars);
        Assert.Equal(Attempt.MaxResponseBodyChars, attempt.ResponseBody!.Length);
        Assert.Equal(body[..Attempt.MaxResponseBodyChars], attempt.ResponseBody);
    }

    [Fact]
    public void RecordResponse_keeps_a_body_of_exactly_16_KiB_whole()
    {
        var attempt = new AttemptBuilder().Build();
        var body = new string('x', Attempt.MaxResponseBodyChars);

        attempt.RecordResponse(200, null, body, 42);

        Assert.Equal(body, attempt.ResponseBody);
    }

    [Fact]
    public void RecordResponse_does_not_split_a_surrogate_pair_at_the_cut()
    {
        var attempt = new AttemptBuilder().Build();
        var body = new string('x', Attempt.MaxResponseBodyChars - 1) + "😀😀";

        attempt.RecordResponse(200, null, body, 42);

        Assert.Equal(new string('x', Attempt.MaxResponseBodyChars - 1), attempt.ResponseBody);
        AssertValidUtf16(attempt.ResponseBody!);
    }

    [Fact]
    public void RecordError_does_not_split_a_surrogate_pair_at_the_cut()
    {
        var attempt = new AttemptBuilder().Build();

        attempt.RecordError(AttemptErrorKind.Network, new string('m', 999) + "😀", 5);

        Assert.Equal(999, attempt.ErrorMessage!.Length);
        AssertValidUtf16(attempt.ErrorMessage);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(299, true)]
    [InlineData(199, false)]
    [InlineData(301, false)]
    [InlineData(410, false)]
    [InlineData(503, false)]
    public void Succeeded_only_for_2xx(int status, bool succeeded)
    {
        var attempt = new AttemptBuilder().Build();

        attempt.RecordResponse(status, null, null, 10);

        Assert.Equal(succeeded, attempt.Succeeded);
        Assert.Equal(status, attempt.ResponseStatus);
        Assert.Equal(AttemptErrorKind.None, attempt.ErrorKind);
        Assert.Equal(10, attempt.DurationMs);
    }

    [Fact]
    public void RecordError_needs_a_kind()
    {
        var attempt = new AttemptBuilder().Build();

        Assert.Throws<DomainException>(() => attempt.RecordError(AttemptErrorKind.None, "boom", 5));
    }

    [Fact]
    public void RecordError_keeps_kind_duration_and_a_message_cut_at_1000_chars()
    {
        var attempt = new AttemptBuilder().Build();

        attempt.RecordError(AttemptErrorKind.Timeout, new string('m', 1500), 15_000);

        Assert.Equal(AttemptErrorKind.Timeout, attempt.ErrorKind);
        Assert.Equal(1000, attempt.ErrorMessage!.Length);
        Assert.Equal(15_000, attempt.DurationMs);
        Assert.False(attempt.Succeeded);
    }

    /// <summary>What PostgreSQL's driver demands: text that encodes to UTF-8 strictly.</summary>
    private static void AssertValidUtf16(string text) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetByteCount(text);
}
