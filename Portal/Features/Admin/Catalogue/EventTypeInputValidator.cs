using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Domain.Subscriptions;
using Portal.Features.Publishing;
using Portal.Features.Subscriptions.Editor;

namespace Portal.Features.Admin.Catalogue;

/// <summary>The rules of the event type form; messages are shown next to the field.</summary>
public sealed class EventTypeInputValidator : AbstractValidator<EventTypeInput>
{
    public EventTypeInputValidator(IDbContextFactory<PortalDbContext> dbFactory, ShapingCheck shaping)
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Give the event type a name, e.g. invoice.status.")
            .Must(EventTypeName.IsValid).WithMessage("Use object.action: letters, digits, - and _, parts separated by dots.")
            .MustAsync(async (name, cancellationToken) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                return !await db.EventTypes.AnyAsync(t => t.Name == name, cancellationToken);
            }).When(x => x.IsNew).WithMessage("An event type named '{PropertyValue}' already exists.")
            .MustAsync(async (name, cancellationToken) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                return !await db.EventTypeAliases.AnyAsync(a => a.Alias == name, cancellationToken);
            }).When(x => x.IsNew).WithMessage(x => $"'{x.Name}' is already an alias of another event type.");
        RuleFor(x => x.Category).NotEmpty().WithMessage("Give a category, e.g. Invoices.").MaximumLength(100);
        RuleFor(x => x.Description).NotEmpty().WithMessage("Describe when the event is sent.").MaximumLength(1000);
        RuleFor(x => x.SamplePayload).Must(JsonSchemaCheck.IsJson).WithMessage("The sample payload is not valid JSON.");

        // One field, one message: the first problem of the list of aliases.
        RuleFor(x => x.Aliases).CustomAsync(async (aliases, context, cancellationToken) =>
        {
            var own = context.InstanceToValidate.Name;
            if (aliases.FirstOrDefault(a => !EventTypeName.IsValid(a)) is { } invalid)
            {
                context.AddFailure($"'{invalid}' is not a valid alias: use object.action, letters, digits, - and _.");
                return;
            }
            if (aliases.Contains(own, StringComparer.Ordinal))
            {
                context.AddFailure("An alias must differ from the type's own name.");
                return;
            }
            if (aliases.Distinct(StringComparer.Ordinal).Count() != aliases.Count)
            {
                context.AddFailure("Each alias can be given once.");
                return;
            }
            if (aliases.Count == 0)
                return;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.EventTypes.AsNoTracking().Where(t => aliases.Contains(t.Name)).Select(t => t.Name)
                    .FirstOrDefaultAsync(cancellationToken) is { } typeName)
                context.AddFailure($"'{typeName}' is already the name of an event type.");
            else if (await db.EventTypeAliases.AsNoTracking().Where(a => aliases.Contains(a.Alias) && a.EventTypeName != own)
                         .FirstOrDefaultAsync(cancellationToken) is { } taken)
                context.AddFailure($"'{taken.Alias}' is already an alias of {taken.EventTypeName}.");
        });
        RuleFor(x => x.DefaultTransformation).MaximumLength(PayloadShape.MaxScriptLength)
            .WithMessage($"The default transformation must be at most {PayloadShape.MaxScriptLength} characters.");
        RuleFor(x => x.DefaultTransformation).Custom((script, context) =>
        {
            var input = context.InstanceToValidate;
            if (string.IsNullOrWhiteSpace(script) || !JsonSchemaCheck.IsJson(input.SamplePayload))
                return;
            if (shaping.DefaultTransformationProblem(script, input.Name, input.SamplePayload) is { } problem)
                context.AddFailure(problem);
        });

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
