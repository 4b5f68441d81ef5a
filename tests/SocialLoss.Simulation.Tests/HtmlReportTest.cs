using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SocialLoss.Simulation.Tests;

public class HtmlReportTest
{
    private static SimulationResult Small() =>
        Simulator.Run(PreparedSimulation.Build(TestData.Scenario(new PopulationParameters(Accounts: 300)), TestData.SmallCrash()), PolicyCatalog.SimulationDefaults);

    [Fact]
    public void Report_is_self_contained_and_has_every_chart_and_the_table()
    {
        var result = Small();
        var html = HtmlReport.Render(result);
        foreach (var id in HtmlReport.ChartIds)
            Assert.Contains($"id=\"{id}\"", html);
        Assert.Equal(HtmlReport.ChartIds.Count, Regex.Matches(html, "var renderPlotly_").Count);
        Assert.Contains("id=\"comparison\"", html);
        foreach (var p in PolicyCatalog.SimulationDefaults)
            Assert.Contains($"<td>{p.Name}</td>", html);
        Assert.DoesNotContain("<script src", html); // plotly.js is inlined: the page opens offline
        Assert.True(html.Length > 1_000_000, "plotly.js is inlined");
        Assert.Contains("Lorenz", html);
    }

    /// <summary>The page opens with the per-wave table (production and fair rows, totals) and the haircut-vs-budget chart, definitions under it.</summary>
    [Fact]
    public void Report_opens_with_the_waves_table_and_chart_and_their_definitions()
    {
        var result = Small();
        Assert.Contains(result.Results, r => r.Waves.Count > 0);
        var html = HtmlReport.Render(result);
        int waves = html.IndexOf("id=\"waves\"", StringComparison.Ordinal), chart = html.IndexOf("id=\"chart-waves\"", StringComparison.Ordinal);
        int definitions = html.IndexOf("id=\"wave-definitions\"", StringComparison.Ordinal), comparison = html.IndexOf("id=\"comparison\"", StringComparison.Ordinal);
        Assert.True(waves > 0 && waves < chart && chart < definitions && definitions < comparison, $"{waves} {chart} {definitions} {comparison}");
        Assert.Contains("<tr class=\"fair\">", html);
        Assert.Contains("<tr class=\"production\">", html);
        foreach (var r in result.Results.Where(r => r.Waves.Count > 0))
            Assert.Contains($"{r.Policy.Name}: all {r.Waves.Count} waves", html);
        Assert.Contains("arXiv 2512.01112 v3", html);
    }

    [Fact]
    public void Headless_chromium_draws_every_chart()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium is null)
            Assert.Skip("chromium is not installed (.ci/run installs it)");
        var dir = Path.Combine(Path.GetTempPath(), $"socialloss-report-{Guid.NewGuid():N}");
        try
        {
            var page = HtmlReport.Write(Small(), dir);
            var dom = Run(chromium, "--dump-dom", new Uri(page).AbsoluteUri);
            // plotly draws one <svg class="main-svg"> layer set per chart once its script ran
            int drawn = HtmlReport.ChartIds.Count(id => Regex.IsMatch(dom, $"id=\"{id}\"[\\s\\S]*?class=\"main-svg\""));
            Assert.Equal(HtmlReport.ChartIds.Count, drawn);
            Assert.True(Regex.Matches(dom, "class=\"main-svg\"").Count >= HtmlReport.ChartIds.Count);
            var png = Path.Combine(dir, "screenshot.png");
            Run(chromium, "--hide-scrollbars", "--window-size=1250,3400", $"--screenshot={png}", new Uri(page).AbsoluteUri);
            Assert.True(File.Exists(png));
            Assert.True(new FileInfo(png).Length > 50_000, $"screenshot of {new FileInfo(png).Length} bytes looks blank");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string chromium, params string[] args)
    {
        var psi = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=10000" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish in 60 s");
        }

        return stdout.Result;
    }
}
