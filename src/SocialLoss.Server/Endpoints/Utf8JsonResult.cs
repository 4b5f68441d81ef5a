using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SocialLoss.Server;

/// <summary>An <c>application/json</c> answer already written as UTF-8: sent as it is, without a string in between.</summary>
internal sealed class Utf8JsonResult(ArrayBufferWriter<byte> body) : IResult
{
    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = body.WrittenCount;
        return httpContext.Response.Body.WriteAsync(body.WrittenMemory).AsTask();
    }
}
