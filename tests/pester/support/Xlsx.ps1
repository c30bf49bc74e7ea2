# Reads an .xlsx workbook the way a spreadsheet does, from its parts (ECMA-376: the workbook's
# sheets and their relationships, each sheet's cells, shared strings), without the library that
# wrote it: each sheet's rows as strings, and what a reader would make of them (formulas, cell
# types, the frozen pane, the autofilter). Streamed (XmlReader), so a million rows read in seconds.
Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;

public sealed class XlsxSheet
{
    public List<string[]> Rows { get; } = new List<string[]>();
    public int Formulas { get; set; }
    public SortedSet<string> CellTypes { get; } = new SortedSet<string>();
    public int FrozenRows { get; set; }
    public string AutoFilter { get; set; }
}

public static class XlsxReader
{
    const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // ST_Xstring: _xHHHH_ is the character HHHH (_x005F_ a literal underscore).
    static string Decode(string text) =>
        Regex.Replace(text, "_x([0-9A-Fa-f]{4})_", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    static XmlReader Open(ZipArchive zip, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name.TrimStart('/'));
        return entry == null ? null : XmlReader.Create(entry.Open(), new XmlReaderSettings { IgnoreWhitespace = false });
    }

    public static Dictionary<string, XlsxSheet> Read(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        var shared = new List<string>();
        using (XmlReader strings = Open(zip, "xl/sharedStrings.xml"))
        {
            while (strings != null && strings.ReadToFollowing("si", Main))
            {
                using XmlReader item = strings.ReadSubtree();
                var text = new System.Text.StringBuilder();
                while (item.Read())
                {
                    if (item.NodeType == XmlNodeType.Element && item.LocalName == "t") text.Append(item.ReadElementContentAsString());
                }
                shared.Add(Decode(text.ToString()));
            }
        }
        var targets = new Dictionary<string, string>();
        using (XmlReader rels = Open(zip, "xl/_rels/workbook.xml.rels"))
        {
            while (rels.ReadToFollowing("Relationship", "http://schemas.openxmlformats.org/package/2006/relationships"))
            {
                targets[rels.GetAttribute("Id")] = rels.GetAttribute("Target");
            }
        }
        var sheets = new List<(string Name, string Target)>();
        using (XmlReader workbook = Open(zip, "xl/workbook.xml"))
        {
            while (workbook.ReadToFollowing("sheet", Main))
            {
                string target = targets[workbook.GetAttribute("id", Relationships)];
                sheets.Add((workbook.GetAttribute("name"), target.StartsWith("/") ? target : "xl/" + target));
            }
        }
        var result = new Dictionary<string, XlsxSheet>();
        foreach ((string name, string target) in sheets)
        {
            var sheet = new XlsxSheet();
            using XmlReader xml = Open(zip, target);
            List<string> row = null;
            string type = null;
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row") { sheet.Rows.Add(row.ToArray()); row = null; continue; }
                if (xml.NodeType != XmlNodeType.Element) continue;
                switch (xml.LocalName)
                {
                    case "pane":
                        if (xml.GetAttribute("state") == "frozen") sheet.FrozenRows = int.Parse(xml.GetAttribute("ySplit") ?? "0");
                        break;
                    case "autoFilter":
                        sheet.AutoFilter = xml.GetAttribute("ref");
                        break;
                    case "row":
                        row = new List<string>();
                        if (xml.IsEmptyElement) { sheet.Rows.Add(row.ToArray()); row = null; }
                        break;
                    case "c":
                        type = xml.GetAttribute("t") ?? "";
                        sheet.CellTypes.Add(type);
                        if (xml.IsEmptyElement) row.Add("");
                        break;
                    case "f":
                        sheet.Formulas++;
                        break;
                    case "v":
                        string value = xml.ReadElementContentAsString();
                        row.Add(type == "s" ? shared[int.Parse(value)] : Decode(value));
                        break;
                    case "is":
                        using (XmlReader inline = xml.ReadSubtree())
                        {
                            var text = new System.Text.StringBuilder();
                            while (inline.Read()) if (inline.NodeType == XmlNodeType.Element && inline.LocalName == "t") text.Append(inline.ReadElementContentAsString());
                            row.Add(Decode(text.ToString()));
                        }
                        break;
                }
            }
            result[name] = sheet;
        }
        return result;
    }
}
'@

function Read-Xlsx {
    param([Parameter(Mandatory)] [string] $Path)
    $sheets = [ordered]@{}
    foreach ($entry in [XlsxReader]::Read($Path).GetEnumerator()) { $sheets[$entry.Key] = $entry.Value }
    $sheets
}
