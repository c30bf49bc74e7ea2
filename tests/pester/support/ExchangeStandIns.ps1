# Stand-ins for the Exchange cmdlets New-HardMatchPlan's mailbox advice names, declared with the
# real cmdlets' parameter sets and parameters (Set-RemoteMailbox: a subset, every one real) from
# their reference pages
# (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/exchange: Get-EXOMailbox.md,
# ExchangeOnlineManagement; Enable-RemoteMailbox.md and Set-RemoteMailbox.md, Exchange Server):
# advice that passes a parameter the real cmdlet lacks, or a value it cannot bind, fails here as it
# would there. Get-EXOMailbox returns, for each example cloud user with a Mail, the minimum
# property set a mailbox shows (ExternalDirectoryObjectId, UserPrincipalName, Alias,
# PrimarySmtpAddress, RecipientTypeDetails) and ExchangeGuid when asked with -Properties.
# Dot-source after DirectoryStandIns.ps1 ($global:StandInExamples set).

function global:Get-EXOMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string] $Identity,
        [Parameter(ParameterSetName = 'Anr')] [string] $Anr,
        [switch] $Archive,
        [switch] $Async,
        [Parameter(ParameterSetName = 'Identity', ValueFromPipelineByPropertyName)] [guid] $ExternalDirectoryObjectId,
        [string] $Filter,
        [switch] $GroupMailbox,
        [switch] $InactiveMailboxOnly,
        [switch] $IncludeInactiveMailbox,
        [string] $MailboxPlan,
        [switch] $Migration,
        [string] $OrganizationalUnit,
        [Parameter(ParameterSetName = 'Identity', ValueFromPipelineByPropertyName)] [string] $PrimarySmtpAddress,
        [string[]] $Properties,
        [ValidateSet('All', 'Minimum', 'AddressList', 'Archive', 'Audit', 'Custom', 'Delivery', 'Hold', 'Moderation', 'Move', 'Policy', 'PublicFolder', 'Quota', 'Resource', 'Retention', 'SCL', 'SoftDelete', 'StatisticsSeed')] [string[]] $PropertySets,
        [switch] $PublicFolder,
        [string[]] $RecipientTypeDetails,
        [object] $ResultSize,
        [switch] $SoftDeletedMailbox,
        [Parameter(ParameterSetName = 'Identity', ValueFromPipelineByPropertyName)] [string] $UserPrincipalName
    )
    process {
        $users = Import-Csv (Join-Path $global:StandInExamples 'cloud-users.csv') | Where-Object { $_.Mail }
        foreach ($user in $users) {
            if ($Identity -and $Identity -ne $user.UserPrincipalName -and $Identity -ne $user.Id) { continue }
            $mailbox = [ordered]@{
                ExternalDirectoryObjectId = $user.Id
                UserPrincipalName         = $user.UserPrincipalName
                Alias                     = ($user.UserPrincipalName -split '@')[0]
                PrimarySmtpAddress        = $user.Mail
                RecipientTypeDetails      = 'UserMailbox'
            }
            if ($Properties -contains 'ExchangeGuid') {
                # A stable GUID per user, as Exchange Online gives each mailbox one.
                $bytes = [System.Security.Cryptography.MD5]::HashData([Text.Encoding]::UTF8.GetBytes($user.Id))
                $mailbox.ExchangeGuid = [guid]::new($bytes)
            }
            [pscustomobject]$mailbox
        }
    }
}

function global:Enable-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)] [object] $Identity,
        [Parameter(ParameterSetName = 'Default')] [Parameter(ParameterSetName = 'Room')] [Parameter(ParameterSetName = 'Equipment')] [Parameter(ParameterSetName = 'Shared')] [string] $RemoteRoutingAddress,
        [Parameter(ParameterSetName = 'Room', Mandatory)] [switch] $Room,
        [Parameter(ParameterSetName = 'Equipment', Mandatory)] [switch] $Equipment,
        [Parameter(ParameterSetName = 'Shared', Mandatory)] [switch] $Shared,
        [Parameter(ParameterSetName = 'Archive', Mandatory)] [switch] $Archive,
        [Parameter(ParameterSetName = 'Archive')] [string[]] $ArchiveName,
        [switch] $ACLableSyncedObjectEnabled,
        [string] $Alias,
        [string] $DisplayName,
        [string] $DomainController,
        [string] $PrimarySmtpAddress
    )
    process {
        if ($RemoteRoutingAddress -and $RemoteRoutingAddress -notmatch '^[^@\s]+@[^@\s]+\.mail\.onmicrosoft\.com$') {
            throw "Cannot bind parameter 'RemoteRoutingAddress': '$RemoteRoutingAddress' is not the tenant's .mail.onmicrosoft.com routing address."
        }
        if ($PSCmdlet.ShouldProcess("$Identity", 'Enable-RemoteMailbox')) {
            [pscustomobject]@{ Identity = "$Identity"; RemoteRoutingAddress = $RemoteRoutingAddress; DomainController = $DomainController }
        }
    }
}

function global:Set-RemoteMailbox {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)] [object] $Identity,
        [object] $AcceptMessagesOnlyFrom,
        [object] $AcceptMessagesOnlyFromDLMembers,
        [object] $AcceptMessagesOnlyFromSendersOrMembers,
        [switch] $ACLableSyncedObjectEnabled,
        [string] $Alias,
        [guid] $ArchiveGuid,
        [object] $ArchiveName,
        [object] $BypassModerationFromSendersOrMembers,
        [string] $CustomAttribute1,
        [string] $DisplayName,
        [string] $DomainController,
        [object] $EmailAddresses,
        [bool] $EmailAddressPolicyEnabled,
        [guid] $ExchangeGuid,
        [object] $GrantSendOnBehalfTo,
        [bool] $HiddenFromAddressListsEnabled,
        [switch] $IgnoreDefaultScope,
        [string] $ImmutableId,
        [string] $MailTip,
        [object] $ModeratedBy,
        [bool] $ModerationEnabled,
        [string] $Name,
        [string] $PrimarySmtpAddress,
        [object] $RecoverableItemsQuota,
        [object] $RecoverableItemsWarningQuota,
        [object] $RejectMessagesFrom,
        [string] $RemoteRoutingAddress,
        [switch] $RemovePicture,
        [switch] $RemoveSpokenName,
        [bool] $RequireSenderAuthenticationEnabled,
        [bool] $ResetPasswordOnNextLogon,
        [string] $SamAccountName,
        [string] $SendModerationNotifications,
        [ValidateSet('Regular', 'Room', 'Equipment', 'Shared')] [string] $Type,
        [string] $UserPrincipalName,
        [string] $WindowsEmailAddress
    )
    process {
        if ($PSCmdlet.ShouldProcess("$Identity", 'Set-RemoteMailbox')) {
            [pscustomobject]@{ Identity = "$Identity"; ExchangeGuid = $ExchangeGuid; DomainController = $DomainController }
        }
    }
}
