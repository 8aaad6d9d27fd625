using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Identity;

namespace Portal.Features.Admin.Email;

public sealed partial class EmailSettingsPage
{
    private readonly FieldErrors _errors = new();
    private EmailSettingsInput? _input;
    private bool _stored;
    private bool _saving;

    [Inject] private EditEmailSettings Admin { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override void OnInitialized()
    {
        _input = Admin.Load(Navigation.BaseUri, User.Name);
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
            Snackbar.Add("E-mail settings saved.", Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }
}
