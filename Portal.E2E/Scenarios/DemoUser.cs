namespace Portal.E2E.Scenarios;

/// <summary>The development seed's tenant user (public contract, README).</summary>
internal static class DemoUser
{
    public const string Email = "demo@acme.test";
    public const string Password = "Portal-demo-2026!";
}
