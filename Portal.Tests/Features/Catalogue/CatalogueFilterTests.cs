using Portal.Features.Catalogue;

namespace Portal.Tests.Features.Catalogue;

public sealed class CatalogueFilterTests
{
    private static readonly CatalogueEntry[] Entries =
    [
        new("invoice.status", "Invoice", "New AFNOR lifecycle status.", "{}"),
        new("employee.created", "Human resources", "An employee was created.", "{}"),
        new("invoice.inbound", "Invoice", "Inbound invoice stage.", "{}"),
    ];

    [Fact]
    public void Without_search_every_entry_is_grouped_by_category_in_name_order()
    {
        var groups = CatalogueFilter.Group(Entries, "  ");

        Assert.Equal(["Human resources", "Invoice"], groups.Select(g => g.Name));
        Assert.Equal(["invoice.inbound", "invoice.status"], groups[1].EventTypes.Select(e => e.Name));
    }

    [Theory]
    [InlineData("EMPLOYEE", "employee.created")]
    [InlineData("afnor", "invoice.status")]
    [InlineData("stage", "invoice.inbound")]
    public void Search_matches_name_or_description_ignoring_case(string search, string expected)
    {
        var groups = CatalogueFilter.Group(Entries, search);

        Assert.Equal([expected], groups.SelectMany(g => g.EventTypes).Select(e => e.Name));
    }

    [Fact]
    public void Json_is_indented_and_non_json_is_left_alone()
    {
        Assert.Equal("{\n  \"a\": [\n    1\n  ]\n}", JsonText.Indent("""{"a":[1]}""").ReplaceLineEndings("\n"));
        Assert.Equal("not json", JsonText.Indent("not json"));
    }
}
