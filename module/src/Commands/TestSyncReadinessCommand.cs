// Test-SyncReadiness: what Entra ID will reject or quarantine in a directory, before sync is on.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System;
using SyncMatch.Deployment;
using SyncMatch.Directory;
using SyncMatch.Readiness;

namespace SyncMatch.Commands;

/// <summary>Checks directory objects against Entra ID's attribute rules and finds values two objects share.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SyncReadiness")]
[OutputType(typeof(Finding))]
public sealed class TestSyncReadinessCommand : DeploymentCmdlet, IDisposable
{
    // Objects per native call: large enough to make the crossing noise.
    private const int ChunkSize = 4096;

    private readonly Dictionary<FindingRule, int> counts = new();
    private ReadinessSession? session;
    private long objectsRead;
    private long objectsRefused;
    private ProgressRecord? progress;

    /// <summary>A directory object: Get-ADUser/Get-ADObject output, a [pscustomobject] or an Import-Csv row.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The tenant's verified domains, as Get-MgDomain lists them.</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? VerifiedDomain { get; set; }

    /// <summary>The deployment's source anchor, as Test-SoftMatch takes it: which value two objects may not share, and under a custom attribute the rules its values must follow.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string SourceAnchorAttribute { get; set; } = "Auto";

    // The custom source anchor's export column; null under the GUID settings.
    private string? anchorColumn;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RequireInput(nameof(InputObject), "directory objects");
        (uint anchorSetting, EntityReader reader) = UserReader(SourceAnchorAttribute, Entity.DirectoryObject);
        anchorColumn = CustomAnchorColumn(anchorSetting, SourceAnchorAttribute);
        using DeploymentSettings deployment = OpenDeployment(anchorSetting);
        session = ReadinessSession.Open(VerifiedDomainNames(VerifiedDomain), anchorSetting, anchorColumn, reader);
        session.SetDeployment(deployment.Handle);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (object? item in InputItems(InputObject))
        {
            Check(item);
        }
    }

    private void Check(object? input)
    {
        if (AsExport(input) is null)
        {
            // Every input counts as read: checked, or refused with its error record ($null too).
            objectsRead++;
            if (input is null)
            {
                objectsRefused++;
            }
        }
        door ??= new InputDoor("a directory object", CheckExport, Read, (_, _) => objectsRefused++);
        Accept(input, door);
    }

    private InputDoor? door;

    /// <summary>Reads one object into the session; a full batch goes to the worker thread.</summary>
    private void Read(object input)
    {
        session!.Add(input);
        if (session.IsFull(ChunkSize))
        {
            Write(session.Submit());
            ShowProgress($"{objectsRead:N0} objects checked");
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (session is null)
        {
            return;
        }
        WriteWarnings(session.Completeness.Warnings(Native.InputSide.OnPremises, nameof(InputObject)));
        Write(session.Drain());
        ShowProgress($"{objectsRead:N0} objects checked; looking for values two objects share");
        Write(session.Finish());
        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        string summary = counts.Count == 0 ? "no findings" : string.Join(", ", counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value:N0}"));
        // Every input is accounted for: checked, or refused with an error record.
        WriteVerbose($"Checked {objectsRead - objectsRefused:N0} objects ({objectsRefused:N0} refused with an error): {summary}.");
    }

    /// <inheritdoc/>
    public void Dispose() => session?.Dispose();

    /// <summary>
    /// Checks every row of a directory export in the core: the objects before it first, so
    /// findings keep the input's order. Each row counts as an object read.
    /// </summary>
    private void CheckExport(DirectoryExport export)
    {
        WriteWarnings(InputCompleteness.Warnings(export, Native.InputSide.OnPremises, nameof(InputObject)));
        if (!HasDeploymentColumns(export, anchorColumn))
        {
            return;
        }
        Write(session!.Drain());
        objectsRead += export.RowCount;
        Write(session.CheckExport(export, done => ShowProgress($"{export.Path}: {done:N0} of {export.RowCount:N0} rows checked")));
    }

    private void Write(ReadinessSession.Checked found)
    {
        Write(found.Findings);
        foreach ((object input, Native.NativeException failure) in found.Failures)
        {
            objectsRefused++;
            WriteError(failure.ToErrorRecord(input));
        }
    }

    private void Write(List<Finding> findings)
    {
        foreach (Finding finding in findings)
        {
            counts[finding.Rule] = counts.GetValueOrDefault(finding.Rule) + 1;
        }
        WriteObject(findings, enumerateCollection: true);
    }

    private void ShowProgress(string status)
    {
        progress ??= new ProgressRecord(2, "Test-SyncReadiness", status);
        progress.StatusDescription = status;
        WriteProgress(progress);
    }
}
