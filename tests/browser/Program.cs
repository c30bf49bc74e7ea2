// Opens a SyncMatch report in headless Chromium and prints, as JSON, what a reader would see:
// console errors, dialogs (an injected alert would open one), the counts in the header, the row
// elements in the DOM, every table's shown count, and optionally the rows left after choosing a
// reason in a table's filter, and a screenshot.
// Usage: ReportProbe <report.html> [--filter <table>=<reason>] [--screenshot <file.png>]
// Chromium: $SYNCMATCH_CHROMIUM, else /usr/bin/chromium (Debian's package).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PuppeteerSharp;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("Usage: ReportProbe <report.html> [--filter <table>=<reason>] [--screenshot <file.png>]");
            return 2;
        }
        string report = Path.GetFullPath(args[0]);
        string? filter = Option(args, "--filter");
        string? screenshot = Option(args, "--screenshot");
        string chromium = Environment.GetEnvironmentVariable("SYNCMATCH_CHROMIUM") ?? "/usr/bin/chromium";

        await using IBrowser browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = new[] { "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files" },
        });
        await using IPage page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        var consoleErrors = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Message.Type == ConsoleType.Error)
            {
                consoleErrors.Add(message.Message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error.Message);
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Dialog.Message);
            await dialog.Dialog.Dismiss();
        };
        await page.GoToAsync(new Uri(report).AbsoluteUri, WaitUntilNavigation.Load);

        var result = new Dictionary<string, object?>
        {
            ["consoleErrors"] = consoleErrors,
            ["dialogs"] = dialogs,
            ["headerCounts"] = await page.EvaluateFunctionAsync<Dictionary<string, string>>(
                "() => Object.fromEntries([...document.querySelectorAll('dd[data-count]')].map(d => [d.dataset.count, d.textContent]))"),
            ["rowElements"] = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tbody tr').length"),
            ["shown"] = await page.EvaluateFunctionAsync<Dictionary<string, string>>(
                "() => Object.fromEntries([...document.querySelectorAll('[data-shown]')].map(s => [s.dataset.shown, s.dataset.count]))"),
            ["injected"] = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('img, iframe, object, embed, body script:not([data-rows]):not(:last-of-type)').length"),
            ["cellTexts"] = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('tbody td')].slice(0, 2000).map(td => td.textContent)"),
        };
        if (filter is not null)
        {
            string[] parts = filter.Split('=', 2);
            // Choose the reason as a reader would: set the select and fire its input event.
            await page.EvaluateFunctionAsync(
                "(table, reason) => { const s = document.querySelector(`select[data-filter=\"reason\"][data-table=\"${table}\"]`); s.value = reason; s.dispatchEvent(new Event('input')); }",
                parts[0], parts[1]);
            result["filtered"] = new Dictionary<string, object?>
            {
                ["shown"] = await page.EvaluateFunctionAsync<string>("t => document.querySelector(`[data-shown=\"${t}\"]`).dataset.count", parts[0]),
                ["reasons"] = await page.EvaluateFunctionAsync<string[]>("t => [...new Set([...document.querySelectorAll(`table[data-table=\"${t}\"] tbody tr`)].map(r => r.dataset.reason))]", parts[0]),
                ["rows"] = await page.EvaluateFunctionAsync<int>("t => document.querySelectorAll(`table[data-table=\"${t}\"] tbody tr`).length", parts[0]),
            };
        }
        if (screenshot is not null)
        {
            // The top of the page: the header, what to do first and the charts.
            await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = false });
        }
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
