// Opens a SyncMatch report in headless Chromium and prints, as JSON, what a reader would see:
// console errors, dialogs (an injected alert would open one), the counts in the header, the row
// elements in the DOM, every table's shown count, and optionally the rows left after choosing a
// reason in a table's filter, what "what to do first" lists and what each of its links shows,
// the layout of the cells (lines per identity, words broken), the printed page, and a screenshot.
// Usage: ReportProbe <report.html> [--filter <table>=<reason>] [--first] [--layout] [--print] [--screenshot <file.png>]
// Chromium: $SYNCMATCH_CHROMIUM, else /usr/bin/chromium (Debian's package).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PuppeteerSharp;
using PuppeteerSharp.Media;

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
        if (args.Contains("--layout"))
        {
            // How many lines each identity cell takes (its parts' distinct tops), and cells whose
            // text breaks inside a word (a text node's line boxes more than its spaces allow).
            result["layout"] = await page.EvaluateFunctionAsync<Dictionary<string, System.Text.Json.JsonElement>>(Layout);
        }
        if (args.Contains("--first"))
        {
            // Each step of "what to do first", and what its link shows: the table's shown count
            // and the reasons and warnings of the rows on its page.
            int steps = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#first a[data-go]').length");
            var first = new List<Dictionary<string, object?>>();
            for (int i = 0; i < steps; i++)
            {
                var step = await page.EvaluateFunctionAsync<Dictionary<string, string>>(@"i => {
                    const a = document.querySelectorAll('#first a[data-go]')[i];
                    a.click();
                    const t = a.dataset.go;
                    const warningsColumn = Number(document.querySelector(`table[data-table=""${t}""]`).dataset.warnings);
                    const rows = [...document.querySelectorAll(`table[data-table=""${t}""] tbody tr`)];
                    return {
                        text: a.closest('li').textContent,
                        table: t,
                        reason: a.dataset.reason || '',
                        warning: a.dataset.warning || '',
                        users: a.querySelector('.count').textContent,
                        shown: document.querySelector(`[data-shown=""${t}""]`).dataset.count,
                        reasons: [...new Set(rows.map(r => r.dataset.reason))].join('|'),
                        rowsWithoutWarning: String(rows.filter(r => warningsColumn < 0 || !r.cells[warningsColumn].textContent.split('; ').includes(a.dataset.warning || '')).length),
                    };
                }", i);
                first.Add(step.ToDictionary(pair => pair.Key, pair => (object?)pair.Value));
            }
            result["first"] = first;
        }
        if (args.Contains("--print"))
        {
            // The page as printed: print media, and the beforeprint event a print dialog fires.
            // Landscape paper: about 960 CSS pixels between the margins.
            await page.SetViewportAsync(new ViewPortOptions { Width = 960, Height = 700 });
            await page.EmulateMediaTypeAsync(MediaType.Print);
            await page.EvaluateExpressionAsync("window.dispatchEvent(new Event('beforeprint'))");
            result["print"] = await page.EvaluateFunctionAsync<Dictionary<string, Dictionary<string, string>>>(@"() => Object.fromEntries(
                [...document.querySelectorAll('[data-print-note]')].map(n => [n.dataset.printNote, {
                    note: n.textContent,
                    visible: String(n.getClientRects().length > 0),
                    rows: String(document.querySelectorAll(`table[data-table=""${n.dataset.printNote}""] tbody tr`).length),
                }]))");
            result["printLayout"] = await page.EvaluateFunctionAsync<Dictionary<string, System.Text.Json.JsonElement>>(Layout);
        }
        if (screenshot is not null)
        {
            // The top of the page: the header, what to do first and the charts.
            await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = false });
        }
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    // The lines the tallest identity cell takes (its parts' distinct tops) and the words broken
    // across lines anywhere else (a word's text range on more than one line; hyphens may break).
    private const string Layout = @"() => {
                let identityLines = 0, brokenWords = 0, tallest = '';
                for (const cell of document.querySelectorAll('td.identity')) {
                    const tops = new Set([...cell.querySelectorAll('.part')].flatMap(p => [...p.getClientRects()].map(r => Math.round(r.top))));
                    if (tops.size > identityLines) { identityLines = tops.size; tallest = cell.textContent; }
                    for (const part of cell.querySelectorAll('.part')) if (part.getClientRects().length > 1) brokenWords++;
                }
                for (const cell of document.querySelectorAll('tbody td:not(.identity)')) {
                    for (const word of cell.textContent.split(/[\s-]+/).filter(w => w.length > 0)) {
                        const at = cell.textContent.indexOf(word);
                        const range = document.createRange();
                        range.setStart(cell.firstChild, at);
                        range.setEnd(cell.firstChild, at + word.length);
                        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                        if (tops.size > 1) brokenWords++;
                    }
                }
                return { identityLines, brokenWords, tallest };
            }";

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
