using Portal.Domain.Common;
using Portal.Domain.Events;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Events;

public sealed class EventTests
{
    [Fact]
    public void New_event_keeps_tenant_type_data_and_time()
    {
        var tenantId = Guid.NewGuid();

        var @event = new EventBuilder().ForTenant(tenantId).OfType("employee.created").WithData("""{"id":"EMP-1"}""").Build();

        Assert.Equal(tenantId, @event.TenantId);
        Assert.Equal("employee.created", @event.Type);
        Assert.Equal("""{"id":"EMP-1"}""", @event.Data);
        Assert.Equal(TestClock.Now, @event.OccurredAt);
        Assert.Equal(7, @event.Id.Version);
        Assert.False(@event.DeliveriesSuppressed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("invoice status")]
    [InlineData("invoice.")]
    public void Constructor_with_an_invalid_type_throws(string type)
    {
        Assert.Throws<DomainException>(() => new EventBuilder().OfType(type).Build());
    }

    [Fact]
    public void Idempotency_key_at_the_maximum_length_is_kept()
    {
        var key = new string('k', Event.MaxIdempotencyKeyLength);

        Assert.Equal(key, new EventBuilder().WithIdempotencyKey(key).Build().IdempotencyKey);
    }

    [Fact]
    public void Idempotency_key_longer_than_the_maximum_throws()
    {
        var key = new string('k', Event.MaxIdempotencyKeyLength + 1);

        Assert.Throws<DomainException>(() => new EventBuilder().WithIdempotencyKey(key).Build());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_idempotency_key_is_stored_as_none(string? key)
    {
        Assert.Null(new EventBuilder().WithIdempotencyKey(key).Build().IdempotencyKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_data_is_stored_as_an_empty_object(string data)
    {
        Assert.Equal("{}", new EventBuilder().WithData(data).Build().Data);
    }

    [Fact]
    public void Suppressed_event_is_kept_with_its_flag()
    {
        Assert.True(new EventBuilder().WithDeliveriesSuppressed().Build().DeliveriesSuppressed);
    }
}
