using FluentValidation;
using Portal.Branding;

namespace Portal.Features.Admin.Branding;

/// <summary>The rules of the branding form (the values themselves are judged by <see cref="BrandingRules"/>);
/// messages are shown next to the field.</summary>
public sealed class BrandingInputValidator : AbstractValidator<BrandingInput>
{
    public BrandingInputValidator()
    {
        RuleFor(x => x.ProductName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the product name tenants see, e.g. Acme Webhooks.")
            .MaximumLength(BrandingRules.MaxProductNameLength)
            .WithMessage($"Use at most {BrandingRules.MaxProductNameLength} characters.")
            .Must(n => !n.Any(char.IsControl)).WithMessage("The product name must be one line.");
        RuleFor(x => x.LogoUrl)
            .Must(u => BrandingRules.IsLogoUrl(u!.Trim()))
            .When(x => !string.IsNullOrWhiteSpace(x.LogoUrl))
            .WithMessage("Enter an https:// (or http://) address, or a path on the portal such as /brand/logo.svg.");
        RuleFor(x => x.PrimaryColor)
            .Must(c => BrandingRules.IsColor(c!.Trim()))
            .When(x => !string.IsNullOrWhiteSpace(x.PrimaryColor))
            .WithMessage("Use a colour as #rrggbb, e.g. #0f766e.");
        RuleFor(x => x.FrameAncestors).Custom((text, context) =>
        {
            if (OriginsMessage(text) is { } message)
                context.AddFailure(message);
        });
    }

    /// <summary>What is wrong with the frame origins (also shown live under the field), or null.</summary>
    public static string? OriginsMessage(string? text)
    {
        var lines = BrandingRules.Lines(text);
        if (lines.Count > BrandingRules.MaxFrameAncestors)
            return $"Allow at most {BrandingRules.MaxFrameAncestors} origins.";
        var bad = lines.Where(l => BrandingRules.NormalizeOrigin(l) is null).ToList();
        return bad.Count == 0
            ? null
            : $"Not an origin: {string.Join(", ", bad.Take(3))}{(bad.Count > 3 ? "…" : "")}. " +
              "Write one per line as https://host or https://host:port (no path, no wildcard).";
    }
}
