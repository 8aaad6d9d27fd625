using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;

namespace Portal.Features.Admin.Branding;

public sealed partial class BrandingPage
{
    private readonly FieldErrors _errors = new();
    private BrandingInput? _input;
    private bool _stored;
    private bool _saving;

    [Inject] private EditBranding Admin { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized()
    {
        _input = Admin.Load();
        _stored = Admin.IsStored;
    }

    private async Task SaveAsync()
    {
        if (_input is null || _saving)
            return;
        _saving = true;
        try
        {
            var result = await Admin.SaveAsync(_input);
            if (result.Error is { } error)
            {
                _errors.Set(error.Fields);
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }

            _errors.Clear();
            _stored = true;
            Snackbar.Add("Branding saved.", Severity.Success);
            // The layout's theme, name and logo are read when it renders: reload so this page shows them too.
            Navigation.Refresh(forceReload: true);
        }
        finally
        {
            _saving = false;
        }
    }
}
