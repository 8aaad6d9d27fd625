using MudBlazor;
using Portal.Common;

namespace Portal.Features.Credentials;

/// <summary>The two interactions of a credentials page (the tenant's and the operators'): create, then show the secret
/// once; confirm, then revoke.</summary>
internal static class CredentialActions
{
    public const string KeyRevoked = "Requests with this key are refused from now on.";
    public const string ClientRevoked = "It gets no more access tokens, and the tokens it has stop working.";

    /// <summary>Returns the error for the form, or null once the new credential has been listed and shown.</summary>
    public static async Task<Error?> CreateAsync<T>(IDialogService dialogs, Task<Result<T>> creating,
        Func<T, CreatedCredential> show, Func<Task> reload)
    {
        var result = await creating;
        if (result.Error is { } error)
            return error;
        await reload();
        await CredentialOnceDialog.ShowAsync(dialogs, show(result.Value!));
        return null;
    }

    public static async Task RevokeAsync(IDialogService dialogs, ISnackbar snackbar, CredentialRow row, string consequence,
        Func<Task<Result<Guid>>> revoke, Func<Task> reload)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync($"Revoke {row.Name}?", $"{consequence} This cannot be undone.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await revoke();
        snackbar.Add(result.Error?.Message ?? $"{row.Name} is revoked.", result.Error is null ? Severity.Success : Severity.Error);
        await reload();
    }
}
