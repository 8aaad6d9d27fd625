namespace Portal.Domain.Audit;

/// <summary>The audit log's action names ("object.verb") and target types. New features add theirs here so the
/// log's action filter offers them.</summary>
public static class AuditActions
{
    public const string SubscriptionCreated = "subscription.created";
    public const string SubscriptionUpdated = "subscription.updated";
    public const string SubscriptionPaused = "subscription.paused";
    public const string SubscriptionResumed = "subscription.resumed";
    public const string SubscriptionDeleted = "subscription.deleted";
    public const string SubscriptionEventTypesRemoved = "subscription.event_types_removed";
    public const string SubscriptionSecretRotated = "subscription.secret_rotated";
    public const string DeliveryRetriggered = "delivery.retriggered";
    public const string DeliveryBulkRetriggered = "delivery.bulk_retriggered";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string ApiClientCreated = "api_client.created";
    public const string ApiClientRevoked = "api_client.revoked";
    public const string TenantCreated = "tenant.created";
    public const string TenantSuspended = "tenant.suspended";
    public const string TenantReactivated = "tenant.reactivated";
    public const string TenantUpdated = "tenant.updated";
    public const string TenantDeleted = "tenant.deleted";
    public const string UserAdded = "user.added";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserRemoved = "user.removed";
    public const string UserAdminGranted = "user.admin_granted";
    public const string UserAdminRevoked = "user.admin_revoked";
    public const string UserLockoutReset = "user.lockout_reset";
    public const string EventTypeCreated = "event_type.created";
    public const string EventTypeUpdated = "event_type.updated";
    public const string EventTypeArchived = "event_type.archived";
    public const string EventTypeRestored = "event_type.restored";
    public const string PlatformApiKeyCreated = "platform_api_key.created";
    public const string PlatformApiKeyRevoked = "platform_api_key.revoked";
    public const string PlatformApiClientCreated = "platform_api_client.created";
    public const string PlatformApiClientRevoked = "platform_api_client.revoked";
    public const string SettingsChanged = "settings.changed";
    public const string EmailResent = "email.resent";
    public const string PortalSessionCreated = "portal_session.created";
    public const string PortalSessionRedeemed = "portal_session.redeemed";

    /// <summary>Actions a tenant's own log can hold.</summary>
    public static IReadOnlyList<string> Tenant { get; } =
    [
        SubscriptionCreated, SubscriptionUpdated, SubscriptionPaused, SubscriptionResumed, SubscriptionDeleted,
        SubscriptionEventTypesRemoved, SubscriptionSecretRotated, DeliveryRetriggered, DeliveryBulkRetriggered,
        ApiKeyCreated, ApiKeyRevoked, ApiClientCreated, ApiClientRevoked, UserAdded, UserRoleChanged, UserRemoved,
        PortalSessionRedeemed,
    ];

    /// <summary>Every action, for the operators' log.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. Tenant, TenantCreated, TenantSuspended, TenantReactivated, TenantUpdated, TenantDeleted, UserAdminGranted,
        UserAdminRevoked, UserLockoutReset, EventTypeCreated, EventTypeUpdated, EventTypeArchived, EventTypeRestored,
        PlatformApiKeyCreated, PlatformApiKeyRevoked, PlatformApiClientCreated, PlatformApiClientRevoked,
        SettingsChanged, EmailResent, PortalSessionCreated,
    ];
}

/// <summary>The kinds of thing an audit entry points at.</summary>
public static class AuditTargets
{
    public const string Subscription = "subscription";
    public const string Delivery = "delivery";
    public const string BulkRetrigger = "bulk_retrigger";
    public const string ApiKey = "api_key";
    public const string ApiClient = "api_client";
    public const string Tenant = "tenant";
    public const string User = "user";
    public const string EventType = "event_type";
    public const string Settings = "settings";
    public const string Email = "email";
    public const string PortalSession = "portal_session";
}
