using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace SocialLoss.Client.Tests;

/// <summary>
/// The committed document is what the service serves, and the committed client is what NSwag makes of it: neither can go
/// stale. scripts/generate-client.sh runs these with SOCIALLOSS_REGENERATE=1 to write both instead.
/// </summary>
public sealed class ClientGenerationTest
{
    [Fact]
    public async Task Served_document_is_the_committed_one()
    {
        var served = await ServedDocument();
        if (Repository.Regenerating)
            await File.WriteAllTextAsync(Repository.Document, served);
        Assert.True(served == Pretty(await File.ReadAllTextAsync(Repository.Document)),
            "src/SocialLoss.Client/openapi.json differs from the served /openapi/v1.json: run scripts/generate-client.sh and commit the result");
    }

    [Fact]
    public async Task Committed_client_is_what_NSwag_generates_from_the_committed_document()
    {
        // regenerating: from the served document (the other test writes the same text to openapi.json, in either order)
        var code = await Generate(Repository.Regenerating ? await ServedDocument() : await File.ReadAllTextAsync(Repository.Document));
        if (Repository.Regenerating)
            await File.WriteAllTextAsync(Repository.GeneratedClient, code);
        Assert.True(code == Normalize(await File.ReadAllTextAsync(Repository.GeneratedClient)),
            "src/SocialLoss.Client/SocialLossClient.g.cs is not what NSwag generates from openapi.json: run scripts/generate-client.sh and commit the result");
    }

    /// <summary>The client's C# as NSwag writes it from <paramref name="document"/> (the settings are part of the contract of the generated code).</summary>
    internal static async Task<string> Generate(string document)
    {
        var doc = await NSwag.OpenApiDocument.FromJsonAsync(document);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "SocialLossClient",
            GenerateClientInterfaces = true,
            UseBaseUrl = false, // the HttpClient's BaseAddress says where the service is
            GenerateOptionalParameters = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = "SocialLoss.Client",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = true,
            },
        };
        return Normalize(new CSharpClientGenerator(doc, settings).GenerateFile());
    }

    /// <summary>The document a freshly started service serves, indented.</summary>
    private static async Task<string> ServedDocument()
    {
        await using var svc = await LiveService.StartAsync();
        using var http = svc.Http();
        return Pretty(await http.GetStringAsync("/openapi/v1.json"));
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string Pretty(string json) =>
        Normalize(JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}
