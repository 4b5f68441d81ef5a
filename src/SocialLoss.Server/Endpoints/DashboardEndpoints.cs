using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace SocialLoss.Server;

/// <summary>The pages: the dashboard (<c>/</c>), its script, and the interactive API reference (<c>/docs</c>, by Scalar).</summary>
internal static class DashboardEndpoints
{
    /// <summary>Where the API reference lives.</summary>
    public const string DocsPath = "/docs";

    /// <summary>Maps the routes (none of them is in the OpenAPI document, and none needs a key).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        // Scalar serves its page at /docs (and /docs/v1) and its script from the package (no CDN): the page works offline
        app.MapScalarApiReference(DocsPath, o =>
        {
            o.Title = "SocialLoss clearing service";
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.ShowOperationId = true;
            o.AddPreferredSecuritySchemes([OpenApiDescription.BearerScheme]);
        });
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name);
        if (stream is null)
            return Results.NotFound();
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
