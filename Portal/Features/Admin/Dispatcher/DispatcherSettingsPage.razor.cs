using FluentValidation;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;

namespace Portal.Features.Admin.Dispatcher;

public partial class DispatcherSettingsPage
{
    private readonly FieldErrors _errors = new();
    private DispatcherSettings _settings = new();
    private bool _submitted;
    private bool _saving;

    [Inject] private EditDispatcherSettings Service { get; set; } = default!;
    [Inject] private IValidator<DispatcherSettings> Validator { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override void OnInitialized() => _settings = Service.Current();

    /// <summary>After a first save attempt, messages follow the fields as they are corrected.</summary>
    private async Task RevalidateAsync()
    {
        if (_submitted)
            _errors.Set(await Validator.ValidateAsync(_settings));
    }

    private async Task SaveAsync()
    {
        _submitted = true;
        var check = await Validator.ValidateAsync(_settings);
        _errors.Set(check);
        if (!check.IsValid)
            return;

        _saving = true;
        var result = await Service.SaveAsync(_settings);
        _saving = false;
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, MudBlazor.Severity.Error);
            return;
        }

        _settings = result.Value!;
        Snackbar.Add("Dispatcher settings saved.", MudBlazor.Severity.Success);
    }
}
