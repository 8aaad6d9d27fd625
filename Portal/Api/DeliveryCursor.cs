using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Api;

/// <summary>Where a page of the newest-first delivery list ended: the last creation time and how many deliveries
/// of that exact time were already returned (a fan-out creates several at once). Opaque to clients.</summary>
internal sealed record DeliveryCursor(DateTimeOffset CreatedAt, int SeenAtThatTime)
{
    public string Encode() => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}:{SeenAtThatTime}")));

    public static bool TryDecode(string text, out DeliveryCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(text)).Split(':');
            if (parts.Length != 2
                || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks)
                || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var seen)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || seen < 0)
                return false;
            cursor = new DeliveryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), seen);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
