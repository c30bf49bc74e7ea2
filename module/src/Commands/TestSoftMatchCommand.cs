// Test-SoftMatch: which cloud user each on-premises user will land on at its first
// synchronization, and every way that goes wrong, predicted before sync is turned on.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System;
using SyncMatch.Directory;
using SyncMatch.Matching;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Predicts hard and soft matches of on-premises users onto existing cloud users.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SoftMatch")]
[OutputType(typeof(MatchResult))]
public sealed class TestSoftMatchCommand : SyncMatchCmdlet, IDisposable
{
    private const int PageSize = 4096;

    private readonly Dictionary<MatchOutcome, long> counts = new();
    private PredictionSession? session;
    private long usersRead;
    private ProgressRecord? progress;

    /// <summary>An on-premises user: Get-ADUser output, a [pscustomobject] or an Import-Csv row.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The tenant's users, as Get-MgUser or Get-MsolUser return them (or CSV rows of either).</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public object?[]? CloudUser { get; set; } = Array.Empty<object?>();

    /// <summary>The tenant's verified domains; the one ending in .onmicrosoft.com is the initial domain.</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? VerifiedDomain { get; set; }

    /// <summary>Soft match on the UPN after the SMTP address (on by default; -SoftMatchOnUpn:$false for tenants without it).</summary>
    [Parameter]
    public bool SoftMatchOnUpn { get; set; } = true;

    /// <summary>The tenant has BlockSoftMatchEnabled on.</summary>
    [Parameter]
    public SwitchParameter BlockSoftMatch { get; set; }

    /// <summary>The tenant has BlockCloudObjectTakeoverThroughHardMatchEnabled on.</summary>
    [Parameter]
    public SwitchParameter BlockHardMatchTakeover { get; set; }

    /// <summary>Ids or UPNs of cloud users holding admin roles.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? PrivilegedUser { get; set; }

    /// <summary>Afterwards, one CloudOnly result per cloud user no on-premises user joins.</summary>
    [Parameter]
    public SwitchParameter IncludeUnmatchedCloud { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RequireInput(nameof(InputObject), "on-premises users");
        if (CloudUser is null)
        {
            // Most often an unset variable: predicting against no cloud users would say every
            // user is created, a clean and wrong plan. An empty tenant is said with @().
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentNullException(nameof(CloudUser), "-CloudUser is $null. Pass the tenant's users (Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled), or @() for a tenant that has none."),
                "CloudUserNull", ErrorCategory.InvalidArgument, null));
        }
        var settings = new NativePredictionSettings
        {
            SoftMatchOnUpn = SoftMatchOnUpn ? 1u : 0u,
            BlockSoftMatch = BlockSoftMatch ? 1u : 0u,
            BlockHardMatchTakeover = BlockHardMatchTakeover ? 1u : 0u,
        };
        session = PredictionSession.Open(settings, VerifiedDomainNames(VerifiedDomain), CheckedParameter(PrivilegedUser, nameof(PrivilegedUser)));
        object?[] cloudUsers = CloudUser ?? Array.Empty<object?>();
        List<(int Position, string Why)> skipped = session.AddCloudUsers(cloudUsers, done =>
        {
            if (cloudUsers.Length > PredictionSession.ChunkSize)
            {
                ShowProgress($"Indexing cloud users: {done:N0} of {cloudUsers.Length:N0}", (int)(100L * done / cloudUsers.Length));
            }
        });
        foreach ((int position, string why) in skipped)
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"-CloudUser item {position} is not a usable cloud user ({DisplayText.Escape(why)}); it was left out."),
                "InvalidCloudUser", ErrorCategory.InvalidArgument, cloudUsers[position]));
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            WriteError(new ErrorRecord(
                new PSArgumentNullException(nameof(InputObject), "A null input is not an on-premises user; it was skipped."),
                "NullInput", ErrorCategory.InvalidArgument, null));
            return;
        }
        usersRead++;
        try
        {
            session!.AddUser(InputObject);
        }
        catch (InputRejectedException rejected)
        {
            WriteError(rejected.ToErrorRecord(InputObject));
            return;
        }
        if (session.IsFull)
        {
            session.Flush();
            ShowProgress($"{usersRead:N0} on-premises users predicted", -1);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (session is null)
        {
            return;
        }
        long total = session.Finish(IncludeUnmatchedCloud);
        for (long start = 0; start < total; start += PageSize)
        {
            WritePage(session.ResultPage(start, PageSize, IncludeUnmatchedCloud));
            if (total > PageSize)
            {
                ShowProgress($"Writing results: {Math.Min(total, start + PageSize):N0} of {total:N0}", (int)(100 * Math.Min(total, start + PageSize) / total));
            }
        }
        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        string summary = counts.Count == 0 ? "no results" : string.Join(", ", counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value:N0}"));
        WriteVerbose($"Predicted {usersRead:N0} on-premises users against {CloudUser?.Length ?? 0:N0} cloud users: {summary}.");
    }

    /// <inheritdoc/>
    public void Dispose() => session?.Dispose();

    /// <summary>Writes a page in order: runs of results, and an error record for each user that could not be evaluated.</summary>
    private void WritePage(List<(MatchResultJson Json, MatchResult? Result)> page)
    {
        var run = new List<MatchResult>(page.Count);
        foreach ((MatchResultJson json, MatchResult? result) in page)
        {
            if (result is null)
            {
                WriteObject(run, enumerateCollection: true);
                run.Clear();
                var status = (NativeStatus)(json.ErrorStatus ?? 0);
                NativeException failure = status == NativeStatus.Panic
                    ? NativeException.ForPanicInput($"{json.Identity}: {json.Error}")
                    : new NativeException(status, $"{json.Identity}: {json.Error}");
                WriteError(failure.ToErrorRecord(json.Identity));
                continue;
            }
            counts[result.Outcome] = counts.GetValueOrDefault(result.Outcome) + 1;
            run.Add(result);
        }
        WriteObject(run, enumerateCollection: true);
    }

    private void ShowProgress(string status, int percent)
    {
        progress ??= new ProgressRecord(3, "Test-SoftMatch", status);
        progress.StatusDescription = status;
        progress.PercentComplete = percent;
        WriteProgress(progress);
    }
}
