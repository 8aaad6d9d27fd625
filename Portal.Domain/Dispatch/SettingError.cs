namespace Portal.Domain.Dispatch;

/// <summary>A validation message tied to the settings property it is about, so validators can map it to a field.</summary>
public sealed record SettingError(string Property, string Message)
{
    public override string ToString() => $"{Property}: {Message}";
}
