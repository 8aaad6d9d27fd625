namespace Portal.Tests.Architecture;

/// <summary>No area of Portal imports an area that imports it back (docs/architecture.md has the map).</summary>
public sealed class AreaCycleTests
{
    [Fact]
    public void Portal_areas_depend_on_each_other_without_cycles()
    {
        var graph = AreaGraph.Of(typeof(Program).Assembly.Location);

        var cycles = graph.Cycles();

        Assert.True(graph.Edges.Count > 10, "the area graph was read from the Portal assembly");
        Assert.True(cycles.Count == 0,
            "Areas that import each other (move the shared type to the area both may use, or invert the dependency):"
            + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void A_cycle_is_named_with_the_references_that_close_it()
    {
        var graph = new AreaGraph();
        graph.Add("Api", "Features.Subscriptions", "Portal.Api.X uses Portal.Features.Subscriptions.Y");
        graph.Add("Features.Subscriptions", "Api", "Portal.Features.Subscriptions.Y uses Portal.Api.ApiNames");
        graph.Add("Features.Subscriptions", "Data", "Portal.Features.Subscriptions.Y uses Portal.Data.PortalDbContext");

        var cycle = Assert.Single(graph.Cycles());

        Assert.StartsWith("cycle Api → Features.Subscriptions → Api", cycle);
        Assert.Contains("Features.Subscriptions → Api: Portal.Features.Subscriptions.Y uses Portal.Api.ApiNames", cycle);
    }

    [Fact]
    public void Areas_are_the_segment_after_Portal_and_each_feature()
    {
        Assert.Equal("Dispatch", AreaGraph.AreaOf("Portal.Dispatch"));
        Assert.Equal("Features.Subscriptions", AreaGraph.AreaOf("Portal.Features.Subscriptions.Editor"));
        Assert.Null(AreaGraph.AreaOf(null));
        Assert.Null(AreaGraph.AreaOf("Microsoft.AspNetCore"));
    }
}
