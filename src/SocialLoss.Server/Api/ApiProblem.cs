using System.Text.Json.Serialization;

namespace SocialLoss.Server;

/// <summary>
/// An error answer (RFC 9457 problem details, <c>application/problem+json</c>): what went wrong, and for a bad command the
/// field and the 1-based line of the body it is on.
/// </summary>
/// <param name="Type">A URI reference naming the kind of problem (the RFC 9110 section of the status code).</param>
/// <param name="Title">Short summary of the kind of problem.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What exactly is wrong with this request.</param>
/// <param name="Field">The field at fault (a command's field, a header or a body property), when one is.</param>
/// <param name="Line">The 1-based line (or array element) of the body holding the command at fault.</param>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null);
