namespace Portal.Domain.Common;

/// <summary>A broken domain invariant: callers validate first, so reaching this is a bug in the caller.</summary>
public sealed class DomainException(string message) : Exception(message);
