using Portal.Domain.Catalogue;
using Portal.Domain.Common;

namespace Portal.Tests.Domain.Catalogue;

public sealed class EventTypeNameTests
{
    [Theory]
    [InlineData("invoice.status")]
    [InlineData("legal_entity.onboarding")]
    [InlineData("Invoice.SUBMITTED")]
    [InlineData("ledgerpayment")]
    [InlineData("Entity.Event")]
    [InlineData("a.b.c")]
    [InlineData("order-line.created")]
    [InlineData("v2.invoice.status_1")]
    public void IsValid_accepts_catalogue_names(string name)
    {
        Assert.True(EventTypeName.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("invoice status")]
    [InlineData(".invoice")]
    [InlineData("invoice.")]
    [InlineData("invoice..status")]
    [InlineData("1invoice.status")]
    [InlineData("_invoice.status")]
    [InlineData("invoice.status ")]
    [InlineData("invoice/status")]
    [InlineData("invoice.*")]
    [InlineData("facture.émise")]
    [InlineData("invoice.status\n")]
    [InlineData("invoice.status\r\n")]
    public void IsValid_rejects_malformed_names(string? name)
    {
        Assert.False(EventTypeName.IsValid(name));
    }

    [Fact]
    public void IsValid_rejects_names_longer_than_the_maximum()
    {
        Assert.True(EventTypeName.IsValid("a" + new string('b', EventTypeName.MaxLength - 1)));
        Assert.False(EventTypeName.IsValid("a" + new string('b', EventTypeName.MaxLength)));
    }

    [Fact]
    public void EventType_with_an_invalid_name_throws()
    {
        Assert.Throws<DomainException>(() => new EventType("not valid", "Invoice", "Description", "{}"));
    }

    [Fact]
    public void EventType_without_category_or_description_throws()
    {
        Assert.Throws<DomainException>(() => new EventType("invoice.status", " ", "Description", "{}"));
        Assert.Throws<DomainException>(() => new EventType("invoice.status", "Invoice", "", "{}"));
    }

    [Fact]
    public void EventType_with_a_blank_sample_stores_an_empty_object()
    {
        var type = new EventType("invoice.status", " Invoice ", " Status changed ", "  ", "  ");

        Assert.Equal("Invoice", type.Category);
        Assert.Equal("Status changed", type.Description);
        Assert.Equal("{}", type.SamplePayload);
        Assert.Null(type.Schema);
    }

    [Fact]
    public void Archive_and_Restore_toggle_the_archived_flag()
    {
        var type = new EventType("invoice.status", "Invoice", "Status changed", "{}");

        type.Archive();
        Assert.True(type.IsArchived);

        type.Restore();
        Assert.False(type.IsArchived);
    }
}
