namespace Portal.Common;

/// <summary>The API's spelling of enums ("standard-webhooks", "akuiteo-test"…), both ways.</summary>
internal static class ApiNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ToName[value];

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.FromName.TryGetValue(name ?? "", out value);

    public static string Allowed<TEnum>() where TEnum : struct, Enum => string.Join(", ", Names<TEnum>.ToName.Values);

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToName = Enum.GetValues<TEnum>().ToDictionary(v => v, Kebab);
        public static readonly Dictionary<string, TEnum> FromName = WithOldNames(
            ToName.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase));

        /// <summary>"envelope" was the standard format's API name before DESIGN.md named it "standard".</summary>
        private static Dictionary<string, TEnum> WithOldNames(Dictionary<string, TEnum> names)
        {
            if (typeof(TEnum) == typeof(Portal.Domain.Subscriptions.PayloadFormat) && Enum.TryParse<TEnum>("Envelope", out var envelope))
                names.TryAdd("envelope", envelope);
            return names;
        }

        private static string Kebab(TEnum value) => value.ToString() switch
        {
            "ACube" => "acube",
            "Envelope" => "standard",
            "StandardWebhooks" => "standard-webhooks",
            "HmacSha256" => "hmac-sha256",
            "RsaSha256" => "rsa-sha256",
            var name => string.Concat(name.Select((c, i) =>
                char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString())),
        };
    }
}
