namespace Portal.Tests.Infrastructure.Builders;

/// <summary>The fixed "now" of test data, in UTC (PostgreSQL stores only UTC offsets).</summary>
public static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
}
