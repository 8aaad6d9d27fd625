using Portal.Domain.Catalogue;

namespace Portal.Data.Seeding;

/// <summary>The demo catalogue, built from the five vendor documents in shared/seeds.</summary>
internal static class CatalogueSeed
{
    /// <summary>A-Cube's seed writes the onboarding event both ways.</summary>
    public static IReadOnlyList<EventTypeAlias> Aliases() => [new("legal-entity.onboarding", "legal_entity.onboarding")];

    public static IReadOnlyList<EventType> Create() =>
    [
        new("legal_entity.onboarding", "Onboarding",
            "Legal-entity onboarding status changed (A-Cube).",
            """{"eventId":"019e91b7-f799-7df7-a469-4824b2656b0e","eventType":"legal_entity.onboarding","status":"ONBOARDED","legalEntityUuid":"01990000-0000-7000-8000-000000000001"}"""),
        new("invoice.inbound", "Invoice",
            "An inbound invoice moved to a new processing stage (A-Cube).",
            """{"invoiceUuid":"01990000-0000-7000-8000-0000000000a1","stage":"RECEIVED","sender":{"vatNumber":"IT01234567890","name":"Fornitore Srl"},"receivedAt":"2026-11-02T09:14:00Z"}""",
            """{"type":"object","required":["invoiceUuid","stage","sender"],"properties":{"invoiceUuid":{"type":"string","format":"uuid","description":"The invoice in A-Cube."},"stage":{"type":"string","enum":["RECEIVED","PROCESSING","ACCEPTED","REJECTED"],"description":"The processing stage reached."},"sender":{"type":"object","required":["vatNumber"],"description":"Who sent the invoice.","properties":{"vatNumber":{"type":"string","description":"VAT number, country prefix included."},"name":{"type":"string","description":"Registered name."}}},"receivedAt":{"type":"string","format":"date-time","description":"When the invoice arrived."}}}"""),
        new("invoice.outbound", "Invoice",
            "An outbound invoice was received by its recipient (A-Cube).",
            """{"invoiceUuid":"01990000-0000-7000-8000-0000000000b2","status":"DELIVERED","recipient":{"vatNumber":"FR40303265045","name":"Client SARL"},"deliveredAt":"2026-11-02T10:02:31Z"}"""),
        new("invoice.status", "Invoice",
            "An invoice received a new AFNOR lifecycle status (A-Cube).",
            """{"invoiceUuid":"01990000-0000-7000-8000-0000000000b2","afnorStatus":"APPROVED","statusCode":205,"reason":null,"changedAt":"2026-11-03T08:00:00Z"}"""),
        new("employee.created", "Human resources",
            "An employee was created (Akuiteo).",
            """{"object":"employee","action":"created","id":"EMP-00412","firstName":"Claire","lastName":"Martin","email":"claire.martin@example.com","department":"Finance","startDate":"2026-12-01"}"""),
        new("employee.updated", "Human resources",
            "An employee's record was modified (Akuiteo).",
            """{"object":"employee","action":"updated","id":"EMP-00412","changes":{"department":{"from":"Finance","to":"Controlling"}},"updatedBy":"hr.admin"}"""),
        new("employee.deleted", "Human resources",
            "An employee was deleted (Akuiteo).",
            """{"object":"employee","action":"deleted","id":"EMP-00398","deletedAt":"2026-11-04T17:30:00Z"}"""),
        new("expense.created", "Expenses",
            "An expense report line was created (Akuiteo).",
            """{"object":"expense","action":"created","id":"EXP-20931","employeeId":"EMP-00412","amount":84.50,"currency":"EUR","category":"Travel","date":"2026-11-03"}"""),
        new("ledgerpayment", "Debt collection",
            "A payment was registered on an invoice's ledger account (Aptic).",
            """{"paymentid":"18142","ledgeraccountid":"111927","revision":"1","debtcreditorid":"1","partytypeid":"1"}"""),
        new("statuschange", "Debt collection",
            "A ledger account changed status (Aptic).",
            """{"ledgeraccountid":"111927","status":"PAID"}"""),
        new("Invoice.SUBMITTED", "E-invoicing",
            "An invoice was submitted (Defacto).",
            """{"entity_type":"invoice","transition_name":"SUBMIT","status":"SUBMITTED","timestamp":"2026-02-11T11:26:59.631326+00:00","id":"a18d5057-0092-4555-b865-7ade03c3ac9b","event_type":"Invoice.SUBMITTED","entity_state":{"id":"a18d5057-0092-4555-b865-7ade03c3ac9b","amount":1200.00,"currency":"EUR"}}"""),
        new("Invoice.VERIFIED", "E-invoicing",
            "A submitted invoice was verified (Defacto).",
            """{"entity_type":"invoice","transition_name":"VERIFY","status":"VERIFIED","timestamp":"2026-02-11T11:31:04.120044+00:00","id":"a18d5057-0092-4555-b865-7ade03c3ac9b","event_type":"Invoice.VERIFIED","entity_state":{"id":"a18d5057-0092-4555-b865-7ade03c3ac9b","amount":1200.00,"currency":"EUR"}}"""),
        new("Entity.Event", "Compliance",
            "Generic notification of an entity event (Accredit); the body varies with the subscribed event.",
            """{"Event":"Entity.Event","Timestamp":"2024-05-10T11:09:21.248Z"}"""),
    ];
}
