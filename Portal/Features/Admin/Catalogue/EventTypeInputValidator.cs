using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Catalogue;

namespace Portal.Features.Admin.Catalogue;

/// <summary>The rules of the event type form; messages are shown next to the field.</summary>
public sealed class EventTypeInputValidator : AbstractValidator<EventTypeInput>
{
    public EventTypeInputValidator(IDbContextFactory<PortalDbContext> dbFactory)
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Give the event type a name, e.g. invoice.status.")
            .Must(EventTypeName.IsValid).WithMessage("Use object.action: letters, digits, - and _, parts separated by dots.")
            .MustAsync(async (name, cancellationToken) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                return !await db.EventTypes.AnyAsync(t => t.Name == name, cancellationToken);
            }).When(x => x.IsNew).WithMessage("An event type named '{PropertyValue}' already exists.");
        RuleFor(x => x.Category).NotEmpty().WithMessage("Give a category, e.g. Invoices.").MaximumLength(100);
        RuleFor(x => x.Description).NotEmpty().WithMessage("Describe when the event is sent.").MaximumLength(1000);
        RuleFor(x => x.SamplePayload).Must(JsonSchemaCheck.IsJson).WithMessage("The sample payload is not valid JSON.");

        RuleFor(x => x.SchemaValidation).IsInEnum()
            .Must((input, mode) => mode == SchemaValidation.Off || !string.IsNullOrWhiteSpace(input.Schema))
            .WithMessage("Checking published events needs a schema: give one, or turn validation off.");
        RuleFor(x => x.Schema).CustomAsync(async (schema, context, _) =>
        {
            if (!string.IsNullOrWhiteSpace(schema) && await JsonSchemaCheck.TryParseAsync(schema) is { Problem: { } problem })
                context.AddFailure(problem);
        });
        RuleFor(x => x.SamplePayload).CustomAsync(async (sample, context, _) =>
        {
            var schema = context.InstanceToValidate.Schema;
            if (string.IsNullOrWhiteSpace(schema))
                return;
            var mismatches = await JsonSchemaCheck.MismatchesAsync(schema, sample);
            if (mismatches.Count > 0)
                context.AddFailure($"The sample payload does not match the schema: {string.Join("; ", mismatches.Take(3))}.");
        });
    }
}
