namespace Portal.Common;

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,

    /// <summary>The caller may see the thing but not do this to it (e.g. a tenant member managing credentials).</summary>
    Forbidden,
}

/// <summary>An expected failure: the UI shows it next to the field, the API turns it into ProblemDetails.</summary>
public sealed record Error(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static Error Validation(string field, string message) =>
        new(ErrorKind.Validation, message, new Dictionary<string, string[]> { [field] = [message] });

    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);

    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);
}

/// <summary>A value or an expected <see cref="Error"/>; exceptions stay for bugs.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public Error? Error { get; }
    public bool Succeeded => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);
}
