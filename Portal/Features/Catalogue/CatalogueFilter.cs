namespace Portal.Features.Catalogue;

/// <summary>What the catalogue page shows: entries matching the search, grouped by category, both sorted.</summary>
public static class CatalogueFilter
{
    public static IReadOnlyList<CatalogueCategory> Group(IEnumerable<CatalogueEntry> entries, string? search)
    {
        var term = search?.Trim() ?? "";
        return
        [
            .. entries
                .Where(e => term.Length == 0 || Matches(e, term))
                .GroupBy(e => e.Category, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new CatalogueCategory(
                    g.Key,
                    [.. g.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)])),
        ];
    }

    private static bool Matches(CatalogueEntry entry, string term) =>
        entry.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
        || entry.Description.Contains(term, StringComparison.OrdinalIgnoreCase)
        || entry.Category.Contains(term, StringComparison.OrdinalIgnoreCase);
}
