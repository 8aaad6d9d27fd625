using Bunit;
using Portal.Components.Shared;

namespace Portal.Tests.Components.Shared;

public sealed class UrlTextTests
{
    [Fact]
    public void A_url_may_break_after_each_separator_but_not_inside_the_scheme()
    {
        Assert.Equal(["https://", "hooks.example.com/", "v1/", "orders?", "tenant=acme&", "kind=invoice#", "top"],
            UrlText.Parts("https://hooks.example.com/v1/orders?tenant=acme&kind=invoice#top"));
    }

    [Fact]
    public async Task The_rendered_url_reads_as_the_url_with_a_break_point_after_each_part()
    {
        await using var ctx = new BunitContext();

        var cut = ctx.Render<UrlText>(p => p.Add(x => x.Value, "https://erp.test/hooks/in"));

        Assert.Equal("https://erp.test/hooks/in", cut.Find(".portal-url").TextContent);
        Assert.Equal(UrlText.Parts("https://erp.test/hooks/in").Count(), cut.FindAll("wbr").Count);
    }
}
