namespace Portal.Features.Catalogue;

public partial class CataloguePage
{
    private IReadOnlyList<CatalogueEntry>? _entries;
    private IReadOnlyList<CatalogueCategory> _categories = [];
    private string? _search;

    private string? Search
    {
        get => _search;
        set
        {
            _search = value;
            Regroup();
        }
    }

    private string CountText
    {
        get
        {
            var shown = _categories.Sum(c => c.EventTypes.Count);
            var total = _entries?.Count ?? 0;
            return shown == total ? $"{total} event types" : $"{shown} of {total} event types";
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _entries = await Query.LoadAsync();
        Regroup();
    }

    private void Regroup() => _categories = _entries is null ? [] : CatalogueFilter.Group(_entries, _search);

    private static string CategoryId(CatalogueCategory category) =>
        "category-" + string.Concat(category.Name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
