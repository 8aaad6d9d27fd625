using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Common;

namespace Portal.Api;

/// <summary>Expected failures (<see cref="Error"/>) as RFC 7807 ProblemDetails: field errors as a validation
/// problem (400, or 422 where the request is well formed but breaks a rule), not found 404, forbidden 403, conflict 409.</summary>
internal static class ApiResults
{
    public static ProblemHttpResult Problem(Error error, int validationStatus = StatusCodes.Status400BadRequest) =>
        error.Kind switch
        {
            ErrorKind.Validation => TypedResults.Problem(new HttpValidationProblemDetails(
                error.Fields?.ToDictionary(f => f.Key, f => f.Value) ?? new Dictionary<string, string[]> { [""] = [error.Message] })
            {
                Status = validationStatus,
                Title = "One or more validation errors occurred.",
                Detail = error.Message,
            }),
            ErrorKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: error.Message),
            ErrorKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: error.Message),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: error.Message),
        };

    /// <summary>The problem as a value inside a larger answer (a batch's item), with the status a single request would
    /// get; field errors under "errors", as in a validation problem.</summary>
    public static ProblemDetails Details(Error error)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.Validation => (StatusCodes.Status400BadRequest, "One or more validation errors occurred."),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not Found"),
            _ => (StatusCodes.Status409Conflict, "Conflict"),
        };
        var details = new ProblemDetails { Status = status, Title = title, Detail = error.Message };
        if (error.Kind == ErrorKind.Validation)
            details.Extensions["errors"] = error.Fields ?? new Dictionary<string, string[]> { [""] = [error.Message] };
        return details;
    }

    public static ProblemHttpResult NotFound(string what) => Problem(Error.NotFound($"{what} not found."));

    public static ProblemHttpResult Invalid(string field, string message) => Problem(Error.Validation(field, message));

    public static ProblemHttpResult Invalid(Dictionary<string, string[]> fields) =>
        Problem(new Error(ErrorKind.Validation, "Some fields need attention.", fields));
}
