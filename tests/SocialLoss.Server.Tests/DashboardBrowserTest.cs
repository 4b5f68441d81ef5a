using System.Text;
using Microsoft.Playwright;

namespace SocialLoss.Server.Tests;

/// <summary>The dashboard in Debian's headless Chromium, driven by Playwright: loads, draws its charts, shows a crash live, and a trader's account view.</summary>
public sealed class DashboardBrowserTest
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_loads_draws_the_chart_and_shows_a_submitted_crash_live()
    {
        if (!File.Exists(Chromium))
            Assert.Skip($"{Chromium} is not installed (.ci/run installs Debian's chromium); the browser test needs it");
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var (setup, crash) = Scenario.Split();
        (await op.PostAsync("/commands", new StringContent(string.Join('\n', setup)))).EnsureSuccessStatusCode();
        var carolKey = svc.Keys.Create(ApiKeys.AccountRole, "carol");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1300 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var external = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(svc.Url, StringComparison.Ordinal))
                external.Add(r.Url);
        };

        // page loads, connects with the operator key (from the fragment: never sent to the server) and draws the chart
        await page.GotoAsync(svc.Url + "/#key=" + Uri.EscapeDataString(svc.OperatorKey));
        await page.WaitForSelectorAsync("#chart-price polyline.series", new PageWaitForSelectorOptions { Timeout = 15_000, State = WaitForSelectorState.Attached });
        Assert.True(await page.Locator("#chart-price polyline.series").CountAsync() >= 2); // mark and open interest
        await page.WaitForSelectorAsync("#chart-fund polyline.series", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Equal("60,000", await page.Locator("#markets tbody td").Nth(1).TextContentAsync());
        await page.WaitForSelectorAsync("#status.live");
        await page.WaitForSelectorAsync(".adl-queue .lights");
        // the demo crash's own policy is not a catalog line: the dashboard says so and spells it out
        await page.WaitForFunctionAsync("() => document.getElementById('policy').textContent.includes('not in the catalog')");
        Assert.Contains("close-out book → backstop → adl → fund", await page.Locator("#policy").TextContentAsync());

        // a crash submitted by another client appears live (SSE), counters and fund move
        (await op.PostAsync("/commands", new StringContent(string.Join('\n', crash)))).EnsureSuccessStatusCode();
        await page.WaitForSelectorAsync("#feed .t-liquidated", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.WaitForSelectorAsync("#feed .t-deleveraged");
        await page.WaitForSelectorAsync("#feed .t-clawback");
        Assert.Contains("LIQUIDATED", await page.Locator("#feed .t-liquidated").First.TextContentAsync());
        await page.WaitForFunctionAsync("() => document.getElementById('liqs').textContent === '4'");
        await page.WaitForFunctionAsync("() => document.querySelector('#chart-price text:last-of-type') && [...document.querySelectorAll('#chart-price text')].some(t => t.textContent === 'cmd " + (setup.Length + crash.Length) + "')");
        var shot = Path.Combine(Path.GetTempPath(), "socialloss-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 30_000, "the screenshot looks blank");

        // a trader's key shows only the trader's view
        var trader = await browser.NewPageAsync();
        await trader.GotoAsync(svc.Url + "/#key=" + Uri.EscapeDataString(carolKey));
        await trader.WaitForSelectorAsync("#trader:not(.hidden)");
        await trader.WaitForFunctionAsync("() => document.getElementById('acct-name').textContent === 'carol'");
        Assert.True(await trader.Locator("#operator").IsHiddenAsync());
        await trader.WaitForSelectorAsync("#feed-mine div");
        var mine = await trader.Locator("#feed-mine").TextContentAsync() ?? "";
        Assert.Contains("carol", mine);
        await trader.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "socialloss-trader.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.Empty(external);
    }
}
