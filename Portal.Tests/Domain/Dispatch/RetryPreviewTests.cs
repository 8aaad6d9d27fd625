using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class RetryPreviewTests
{
    private static RetryPreview Preview(RetrySettings settings) =>
        RetryPolicy.ScheduleFor(settings, TimeSpan.FromSeconds(15)).Preview();

    [Fact]
    public void Standard_preview_lists_each_wait_the_jitter_and_the_total()
    {
        var preview = Preview(RetrySettings.Default);

        Assert.Equal(TimeSpan.Parse("1.03:35:05", System.Globalization.CultureInfo.InvariantCulture), preview.Total);
        Assert.Equal(8, preview.MaxAttempts);
        Assert.Equal("Retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±20 %) — 8 attempts over 1 d 3 h 35 min 5 s",
            preview.Summary);
    }

    [Fact]
    public void Akuiteo_preview_has_no_jitter()
    {
        var preview = Preview(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 4));

        Assert.Equal("Retries after 16 s, 31 s, 1 min 36 s — 4 attempts over 2 min 23 s", preview.Summary);
    }

    [Fact]
    public void Single_attempt_preview_says_no_retries() =>
        Assert.Equal("No retries — 1 attempt", Preview(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: 1)).Summary);

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(1500, "1.5 s")]
    [InlineData(300_000, "5 min")]
    [InlineData(375_000, "6 min 15 s")]
    [InlineData(7_200_000, "2 h")]
    [InlineData(32_906_000, "9 h 8 min 26 s")]
    [InlineData(604_800_000, "7 d")]
    [InlineData(-5_000, "-5 s")]
    public void DurationText_formats_compactly(long milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
