using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

/// <summary>Pins the jitter: 0 is the lowest draw, 0.5 the middle (no jitter), 1 the upper bound.</summary>
internal sealed class FixedRandom(double value) : IRandomSource
{
    public static FixedRandom Min { get; } = new(0);
    public static FixedRandom Mid { get; } = new(0.5);
    public static FixedRandom Max { get; } = new(1);

    public double NextDouble() => value;
}
