using FluentValidation;
using Microsoft.Extensions.Options;
using Portal.Dispatch;
using Portal.Domain.Catalogue;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>The rules of the subscription form and the API, in one place; messages are shown next to the field.</summary>
public sealed class SubscriptionInputValidator : AbstractValidator<SubscriptionInput>
{
    private static readonly string[] Methods = ["POST", "PUT", "PATCH"];

    public SubscriptionInputValidator(IOptionsMonitor<DeliveryOptions> options)
    {
        // Read per validation (the validator is scoped, and a circuit's scope lives long): a changed setting applies at once.
        bool RequireHttps() => options.CurrentValue.RequireHttpsForSignedEndpoints;

        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the subscription a name.").MaximumLength(100);
        RuleFor(x => x.Url).NotEmpty().WithMessage("Enter the endpoint URL.")
            .Must(WebhookUrl.IsValid).WithMessage(x => WebhookUrl.Problem(x.Url));
        RuleFor(x => x.Url)
            .Must(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .When(x => RequireHttps() && x.SigningScheme != SigningScheme.None && WebhookUrl.IsValid(x.Url))
            .WithMessage("Signed endpoints must use HTTPS.");
        RuleFor(x => x.Method).Must(m => Methods.Contains((m ?? "").ToUpperInvariant()))
            .WithMessage("The method must be POST, PUT or PATCH.");
        RuleFor(x => x.MaxInFlight).InclusiveBetween(1, Subscription.MaxMaxInFlight)
            .WithMessage($"Between 1 and {Subscription.MaxMaxInFlight} requests in flight.");
        RuleFor(x => x.RateLimitPerSecond).InclusiveBetween(1, Subscription.MaxRateLimitPerSecond)
            .When(x => x.RateLimitPerSecond is not null)
            .WithMessage($"Between 1 and {Subscription.MaxRateLimitPerSecond} requests per second, or empty for no limit.");
        RuleFor(x => x.EventTypes).NotEmpty().WithMessage("Pick at least one event type.");
        RuleForEach(x => x.EventTypes).Must(EventTypeName.IsValid).WithMessage("'{PropertyValue}' is not a valid event type name.");
        RuleFor(x => x.TimeoutMs).InclusiveBetween(Subscription.MinTimeoutMs, Subscription.MaxTimeoutMs)
            .WithMessage($"The timeout must be between {Subscription.MinTimeoutMs} and {Subscription.MaxTimeoutMs} ms.");

        When(x => x.AuthType != AuthType.None, () =>
        {
            RuleFor(x => x.AuthKey).NotEmpty().WithMessage("Enter the header or query parameter name.");
            RuleFor(x => x.AuthKey)
                .Must(k => WebhookHeaders.NameProblem(k) is null)
                .When(x => x.AuthType == AuthType.Header && !string.IsNullOrEmpty(x.AuthKey))
                .WithMessage(x => WebhookHeaders.NameProblem(x.AuthKey));
            RuleFor(x => x.AuthToken).NotEmpty().When(x => x.IsNew).WithMessage("Enter the token.");
            RuleFor(x => x.AuthToken).Must(t => WebhookHeaders.ValueProblem(t) is null)
                .When(x => x.AuthType == AuthType.Header && !string.IsNullOrEmpty(x.AuthToken))
                .WithMessage(x => WebhookHeaders.ValueProblem(x.AuthToken));
            // A query token is percent-encoded into the URL: any character goes, but not a line break.
            RuleFor(x => x.AuthToken).Must(t => !t!.AsSpan().ContainsAny('\r', '\n', '\0'))
                .When(x => x.AuthType == AuthType.Query && !string.IsNullOrEmpty(x.AuthToken))
                .WithMessage("The token cannot contain line breaks.");
        });

        RuleForEach(x => x.Headers).ChildRules(header =>
        {
            header.RuleFor(h => h.Name).Must(n => WebhookHeaders.NameProblem(n) is null)
                .WithMessage(h => WebhookHeaders.NameProblem(h.Name));
            header.RuleFor(h => h.Value).Must(v => WebhookHeaders.ValueProblem(v) is null).When(h => !string.IsNullOrEmpty(h.Value))
                .WithMessage(h => WebhookHeaders.ValueProblem(h.Value));
        });
        RuleForEach(x => x.Headers).Must(h => !string.IsNullOrEmpty(h.Value)).When(x => x.IsNew)
            .WithMessage("Enter a value for every header.");
        RuleFor(x => x.Headers).Must(h => h.Select(x => x.Name.ToUpperInvariant()).Distinct().Count() == h.Count)
            .WithMessage("Each header can be given once.");

        RuleFor(x => x.SignatureHeaderName)
            .Must(n => WebhookHeaders.NameProblem(n) is null)
            .When(x => !string.IsNullOrWhiteSpace(x.SignatureHeaderName))
            .WithMessage(x => WebhookHeaders.NameProblem(x.SignatureHeaderName));
        RuleFor(x => x.SigningSecret).Must(StandardWebhookSecret.IsValid)
            .When(x => x.SigningScheme == SigningScheme.StandardWebhooks && !string.IsNullOrWhiteSpace(x.SigningSecret))
            .WithMessage("A Standard Webhooks secret looks like whsec_ followed by 24–64 base64 bytes; leave it blank to generate one.");
        RuleFor(x => x.SigningSecret).MinimumLength(16)
            .When(x => x.SigningScheme == SigningScheme.HmacSha256 && !string.IsNullOrWhiteSpace(x.SigningSecret))
            .WithMessage("Use a secret of at least 16 characters, or leave it blank to generate one.");

        RuleFor(x => x).Custom((input, context) =>
        {
            foreach (var error in RetryPolicy.Validate(input.ToRetrySettings()))
                context.AddFailure(error.Property, error.Message);
        });

        RuleFor(x => x.NotifyEmail).NotEmpty().When(x => x.NotifyOnFailure)
            .WithMessage("Enter the address that receives failure e-mail.");
        RuleFor(x => x.NotifyEmail).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.NotifyEmail))
            .WithMessage("Enter a valid e-mail address.").MaximumLength(256);
    }
}
