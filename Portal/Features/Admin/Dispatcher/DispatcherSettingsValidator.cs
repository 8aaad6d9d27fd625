using System.Net;
using FluentValidation;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Admin.Dispatcher;

/// <summary>Bounds match the options' own (DataAnnotations on DeliveryOptions/RetentionOptions), so a saved document
/// can never make the options invalid.</summary>
public sealed class DispatcherSettingsValidator : AbstractValidator<DispatcherSettings>
{
    public DispatcherSettingsValidator()
    {
        RuleFor(x => x.DefaultTimeoutMs).InclusiveBetween(Subscription.MinTimeoutMs, Subscription.MaxTimeoutMs)
            .WithMessage($"The timeout must be between {Subscription.MinTimeoutMs} and {Subscription.MaxTimeoutMs} ms.");
        RuleFor(x => x.DefaultRetryPreset).IsInEnum()
            .Must(p => !RetryPolicy.Validate(new RetrySettings(p, null, null, null, null, null, null)).Any())
            .WithMessage("This preset needs per-subscription settings; pick one that works on its own.");
        RuleFor(x => x.DefaultSigningScheme).IsInEnum();
        RuleFor(x => x.MaxConcurrency).InclusiveBetween(1, 1024)
            .WithMessage("Between 1 and 1024 calls in flight per host.");
        RuleFor(x => x.MaxConcurrencyPerSubscription).InclusiveBetween(1, 256)
            .WithMessage("Between 1 and 256 calls in flight per subscription.");
        RuleFor(x => x.MaxConcurrencyPerSubscription).LessThanOrEqualTo(x => x.MaxConcurrency)
            .When(x => x.MaxConcurrency >= 1)
            .WithMessage("Cannot be more than the per-host limit.");
        RuleFor(x => x.AutoDisableAfterConsecutiveFailures).InclusiveBetween(1, 100_000)
            .When(x => x.AutoDisableAfterConsecutiveFailures is not null)
            .WithMessage("Between 1 and 100000 failures, or leave it empty.");
        RuleFor(x => x.AutoDisableAfterFailingForHours).InclusiveBetween(1, 24 * 365)
            .When(x => x.AutoDisableAfterFailingForHours is not null)
            .WithMessage("Between 1 hour and a year (8760 hours), or leave it empty.");
        // Empty keeps the configured cap (Quotas:MaxSubscriptionsPerTenant).
        RuleFor(x => x.MaxSubscriptionsPerTenant).InclusiveBetween(1, 1_000_000)
            .When(x => x.MaxSubscriptionsPerTenant is not null)
            .WithMessage("Between 1 and 1000000 subscriptions per organisation.");
        RuleFor(x => x.RetentionDays).InclusiveBetween(1, 3650)
            .WithMessage("Keep history between 1 and 3650 days.");
        RuleFor(x => x.AllowedNetworks).Custom((networks, context) =>
        {
            // One message on the text field naming every bad line.
            var invalid = networks.Where(n => !IsCanonicalNetwork(n)).Select(n => $"'{n}'").ToList();
            if (networks.Count > 100)
                context.AddFailure(nameof(DispatcherSettings.AllowedNetworksText), "At most 100 networks.");
            else if (invalid.Count > 0)
                context.AddFailure(nameof(DispatcherSettings.AllowedNetworksText),
                    $"Not a network in CIDR notation with its base address (e.g. 10.20.0.0/16): {string.Join(", ", invalid)}.");
        });
    }

    /// <summary>"10.1.2.3/8" parses but says something other than what it allows (10.0.0.0/8): refused too.</summary>
    private static bool IsCanonicalNetwork(string text) =>
        IPNetwork.TryParse(text, out var network) && string.Equals(network.ToString(), text, StringComparison.OrdinalIgnoreCase);
}
