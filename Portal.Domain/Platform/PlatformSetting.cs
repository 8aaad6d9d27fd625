using Portal.Domain.Common;

namespace Portal.Domain.Platform;

/// <summary>A platform-wide setting shared by every host (e.g. the rsa-sha256 key pair). Secret values are
/// stored protected by the host.</summary>
public sealed class PlatformSetting
{
    public const string SigningPrivateKey = "signing.rsa.private-key";

    private PlatformSetting() { Key = Value = ""; }

    public PlatformSetting(string key, string value, DateTimeOffset now)
    {
        Key = Guard.NotBlank(key, "Key", 100);
        Value = value;
        UpdatedAt = now;
    }

    public string Key { get; private set; }
    public string Value { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(string value, DateTimeOffset now)
    {
        Value = value;
        UpdatedAt = now;
    }
}
