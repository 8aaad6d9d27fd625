using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor;
using Severity = MudBlazor.Severity;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Features.Subscriptions.Secrets;
using Portal.Identity;
using Portal.Notifications;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>Create and edit. Messages come from the same validator the API uses; after the first save attempt they
/// follow every change. A new secret (or the platform's public key) is shown once, after saving.</summary>
public partial class SubscriptionEditorPage
{
    private SubscriptionInput? _input;
    private IReadOnlyList<CatalogueOption>? _catalogue;
    private readonly FieldErrors _errors = new();
    private bool _submitted;
    private bool _busy;
    private bool _notFound;
    private PingResult? _ping;
    private bool _pingUsedThrowawaySecret;
    private string? _loaded;
    private bool _leaving;
    private string? _savedEmail;
    private NotificationEmailStatus _savedEmailStatus;

    [Parameter] public Guid? Id { get; set; }

    /// <summary>The catalogue's "Subscribe" button preselects this event type.</summary>
    [SupplyParameterFromQuery(Name = "eventType")]
    public string? PreselectedEventType { get; set; }

    /// <summary>The request inbox's "Subscribe the inbox" fills in its URL and a name.</summary>
    [SupplyParameterFromQuery(Name = "url")]
    public string? PresetUrl { get; set; }

    [SupplyParameterFromQuery(Name = "name")]
    public string? PresetName { get; set; }

    [Inject] private SubscriptionEditorQuery Query { get; set; } = default!;
    [Inject] private IValidator<SubscriptionInput> Validator { get; set; } = default!;
    [Inject] private IOptionsMonitor<DeliveryOptions> DeliveryOptions { get; set; } = default!;
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string Title => Id is null ? "New subscription" : _input?.Name is { Length: > 0 } name ? name : "Edit subscription";

    protected override async Task OnParametersSetAsync()
    {
        if (Id is { } id)
        {
            var subscription = await Query.FindAsync(id);
            _notFound = subscription is null;
            _input = subscription is null ? null : SubscriptionInput.From(subscription);
            if (subscription is not null)
            {
                _savedEmail = subscription.Notification.Email;
                _savedEmailStatus = await Scopes.RunAsync<NotificationAddresses, NotificationEmailStatus>(User,
                    a => a.StatusAsync(subscription.TenantId, _savedEmail, CancellationToken.None));
            }
        }
        else
        {
            _input = SubscriptionInput.New(DeliveryOptions.CurrentValue.Defaults, DeliveryOptions.CurrentValue.MaxConcurrencyPerSubscription);
            _input.Url = PresetUrl ?? "";
            _input.Name = PresetName ?? "";
            if (!string.IsNullOrWhiteSpace(PreselectedEventType))
                _input.EventTypes.Add(PreselectedEventType.Trim());
        }
        _loaded = Snapshot();
        var subscribed = _input?.EventTypes ?? [];
        _catalogue = await Query.CatalogueAsync(subscribed);
    }

    /// <summary>The form as loaded, to ask before leaving with changes.</summary>
    private string? Snapshot() => _input is null ? null : JsonSerializer.Serialize(_input);

    private bool IsDirty => !_leaving && _input is not null && Snapshot() != _loaded;

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!IsDirty)
            return;
        var leave = await Dialogs.ShowMessageBoxAsync("Leave without saving?",
            "Your changes to this subscription are not saved yet.", yesText: "Leave", cancelText: "Stay");
        if (leave != true)
            context.PreventNavigation();
    }

    private async Task RevalidateAsync()
    {
        if (_submitted && _input is not null)
            _errors.Set(await Validator.ValidateAsync(_input));
        StateHasChanged();
    }

    private async Task<bool> ValidateAsync()
    {
        _submitted = true;
        _errors.Set(await Validator.ValidateAsync(_input!));
        if (_errors.Any)
            Snackbar.Add("Some fields need attention.", Severity.Warning);
        return !_errors.Any;
    }

    private async Task TestAsync()
    {
        if (!await ValidateAsync())
            return;
        _busy = true;
        try
        {
            var preview = await Scopes.RunAsync<SaveSubscription, Result<Subscription>>(User, s => s.PreviewAsync(_input!));
            if (preview.Error is { } error)
            {
                _errors.Set(error.Fields);
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }
            _ping = await Scopes.RunAsync<TestEndpoint, PingResult>(User, t => t.PingAsync(preview.Value!));
            _pingUsedThrowawaySecret = Id is null && string.IsNullOrWhiteSpace(_input!.SigningSecret)
                && _input.SigningScheme is SigningScheme.StandardWebhooks or SigningScheme.HmacSha256;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveAsync()
    {
        if (_busy || !await ValidateAsync())
            return;
        _busy = true;
        try
        {
            var result = await Scopes.RunAsync<SaveSubscription, Result<SavedSubscription>>(User,
                s => Id is { } id ? s.UpdateAsync(id, _input!) : s.CreateAsync(_input!));
            if (result.Error is { } error)
            {
                _errors.Set(error.Fields);
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }
            var saved = result.Value!;
            _leaving = true;
            Snackbar.Add(Id is null ? $"{_input!.Name} was created." : "Changes saved.", Severity.Success);
            if (saved.Secret is not null || (Id is null && saved.PublicKeyPem is not null))
                await SecretOnceDialog.ShowAsync(Dialogs, _input!.Name, saved.Secret, saved.PublicKeyPem);
            Navigation.NavigateTo("/subscriptions");
        }
        finally
        {
            _busy = false;
        }
    }
}

/// <summary>An event type the form offers.</summary>
public sealed record CatalogueOption(string Name, string Category, string Description, bool IsArchived = false);
