// Reads the pages the native readiness exports write (the layouts documented at
// syncmatch_readiness_check and syncmatch_readiness_finish in the header): findings, and the
// duplicate groups. The inputs that could not be checked come in the failure page (FailurePage).
using System;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal static class FindingPage
{
    /// <summary>A checked batch's findings.</summary>
    internal static List<Finding> Checked(ReadOnlySpan<byte> page, string function)
    {
        var reader = new RecordReader(page, function);
        List<Finding> findings = Findings(ref reader, Array.Empty<DuplicateGroup>());
        reader.RequireEnd();
        return findings;
    }

    /// <summary>The duplicate pass: its groups, then its findings, each with its group.</summary>
    internal static List<Finding> Duplicates(ReadOnlySpan<byte> page)
    {
        var reader = new RecordReader(page, nameof(NativeMethods.syncmatch_readiness_finish));
        var groups = new DuplicateGroup[reader.Count()];
        for (int i = 0; i < groups.Length; i++)
        {
            string key = reader.String() ?? string.Empty;
            string value = reader.String() ?? string.Empty;
            groups[i] = new DuplicateGroup(key, value, Texts(ref reader));
        }
        List<Finding> findings = Findings(ref reader, groups);
        reader.RequireEnd();
        return findings;
    }

    private static List<Finding> Findings(ref RecordReader reader, DuplicateGroup[] groups)
    {
        int count = reader.Count();
        var findings = new List<Finding>(count);
        for (int i = 0; i < count; i++)
        {
            var rule = (FindingRule)reader.Byte();
            var severity = (FindingSeverity)reader.Byte();
            uint? group = reader.Optional();
            string identity = reader.String() ?? string.Empty;
            string attribute = reader.String() ?? string.Empty;
            string value = reader.String() ?? string.Empty;
            string message = reader.String() ?? string.Empty;
            string? suggestion = reader.String();
            string[] conflicts = Texts(ref reader);
            findings.Add(new Finding(identity, attribute, value, rule, severity, message, suggestion, conflicts,
                group < groups.Length ? groups[group.Value] : null));
        }
        return findings;
    }

    /// <summary>A counted list of texts.</summary>
    private static string[] Texts(ref RecordReader reader)
    {
        int count = reader.Count();
        if (count == 0)
        {
            return Array.Empty<string>();
        }
        var texts = new string[count];
        for (int i = 0; i < count; i++)
        {
            texts[i] = reader.String() ?? string.Empty;
        }
        return texts;
    }
}
