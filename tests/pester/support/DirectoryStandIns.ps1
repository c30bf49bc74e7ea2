# Stand-ins for the ActiveDirectory and Microsoft Graph cmdlets the help examples call, over the
# example directory in examples/ (ad-users.csv, cloud-users.csv, deleted-users.csv,
# tenant-sync.json). Neither module can be installed here, so each is declared with the real
# cmdlet's parameter sets and parameters from its reference page (learn.microsoft.com:
# activedirectory/get-aduser, get-adobject, set-aduser; microsoft.graph.users/get-mguser,
# update-mguser; microsoft.graph.identity.directorymanagement/get-mgdomain,
# get-mgdirectoryonpremisesynchronization, get-mgdirectorydeleteditemasuser;
# microsoft.graph.authentication/connect-mggraph; MSOnline set-msoluser): a help example that
# passes a parameter the real cmdlet lacks fails here as it would there. They return the example
# data shaped as the real cmdlets return it (multi-valued attributes as lists, GUIDs as [guid],
# mS-DS-ConsistencyGuid as bytes). Dot-source with $ExamplesPath set to the examples folder.

$global:StandInExamples = $ExamplesPath

function global:Get-StandInDirectory {
    foreach ($row in Import-Csv (Join-Path $global:StandInExamples 'ad-users.csv')) {
        $user = [ordered]@{}
        foreach ($property in $row.PSObject.Properties) { $user[$property.Name] = if ($property.Value -eq '') { $null } else { $property.Value } }
        $user.proxyAddresses = @(if ($row.proxyAddresses -and $row.proxyAddresses -notlike 'Microsoft.*') { $row.proxyAddresses -split ';(?=[A-Za-z0-9]+:)' })
        if ($row.ObjectGUID -as [guid]) { $user.ObjectGUID = [guid]$row.ObjectGUID }
        if ($row.'mS-DS-ConsistencyGuid' -and $row.'mS-DS-ConsistencyGuid' -notlike 'System.*') {
            try { $user.'mS-DS-ConsistencyGuid' = [Convert]::FromBase64String($row.'mS-DS-ConsistencyGuid') } catch { }
        }
        [pscustomobject]$user
    }
}

function global:Select-StandInObject($Objects, [string] $Identity, [string] $LDAPFilter) {
    if ($Identity) {
        $found = @($Objects | Where-Object { $_.SamAccountName -eq $Identity -or $_.DistinguishedName -eq $Identity -or $_.UserPrincipalName -eq $Identity -or "$($_.ObjectGUID)" -eq $Identity })
        if (-not $found) { Write-Error "Cannot find an object with identity: '$Identity' under: 'DC=contoso,DC=local'." -ErrorId 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException' }
        return $found
    }
    if ($LDAPFilter -match '^\(objectGUID=((?:\\[0-9A-Fa-f]{2}){16})\)$') {
        $bytes = [byte[]]($Matches[1] -split '\\' | Where-Object { $_ } | ForEach-Object { [Convert]::ToByte($_, 16) })
        return @($Objects | Where-Object { $_.ObjectGUID -and [guid]::new($bytes) -eq $_.ObjectGUID })
    }
    if ($LDAPFilter -match '^\((\w+)=\*\)$') {
        $attribute = $Matches[1]
        return @($Objects | Where-Object { $_.$attribute })
    }
    $Objects
}

function global:Get-ADUser {
    [CmdletBinding(DefaultParameterSetName = 'Filter')]
    param(
        [Parameter(ParameterSetName = 'Filter', Mandatory)] [string] $Filter,
        [Parameter(ParameterSetName = 'Identity', Mandatory, Position = 0, ValueFromPipeline)] [object] $Identity,
        [Parameter(ParameterSetName = 'LdapFilter', Mandatory)] [string] $LDAPFilter,
        [ValidateSet('Negotiate', 'Basic')] [string] $AuthType,
        [pscredential] $Credential,
        [Parameter(ParameterSetName = 'Identity')] [string] $Partition,
        [Alias('Property')] [string[]] $Properties,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [int] $ResultPageSize,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [System.Nullable[int]] $ResultSetSize,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [string] $SearchBase,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [ValidateSet('Base', 'OneLevel', 'Subtree')] [string] $SearchScope,
        [string] $Server
    )
    process {
        $users = Get-StandInDirectory | Where-Object ObjectClass -ne 'group'
        $identityText = if ($Identity -is [psobject] -and $Identity.SamAccountName) { $Identity.SamAccountName } else { "$Identity" }
        Select-StandInObject $users $identityText $LDAPFilter
    }
}

function global:Get-ADObject {
    [CmdletBinding(DefaultParameterSetName = 'Filter')]
    param(
        [Parameter(ParameterSetName = 'Filter', Mandatory)] [string] $Filter,
        [Parameter(ParameterSetName = 'Identity', Mandatory, Position = 0, ValueFromPipeline)] [object] $Identity,
        [Parameter(ParameterSetName = 'LdapFilter', Mandatory)] [string] $LDAPFilter,
        [ValidateSet('Negotiate', 'Basic')] [string] $AuthType,
        [pscredential] $Credential,
        [switch] $IncludeDeletedObjects,
        [Parameter(ParameterSetName = 'Identity')] [string] $Partition,
        [Alias('Property')] [string[]] $Properties,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [int] $ResultPageSize,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [System.Nullable[int]] $ResultSetSize,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [string] $SearchBase,
        [Parameter(ParameterSetName = 'Filter')] [Parameter(ParameterSetName = 'LdapFilter')] [ValidateSet('Base', 'OneLevel', 'Subtree')] [string] $SearchScope,
        [string] $Server
    )
    process { Select-StandInObject (Get-StandInDirectory) "$Identity" $LDAPFilter }
}

function global:Set-ADUser {
    # The Identity set's parameters the examples use, with the cmdlet's ShouldProcess support.
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'Identity', Mandatory, Position = 0, ValueFromPipeline)] [object] $Identity,
        [hashtable] $Add,
        [string[]] $Clear,
        [hashtable] $Remove,
        [hashtable] $Replace,
        [ValidateSet('Negotiate', 'Basic')] [string] $AuthType,
        [pscredential] $Credential,
        [switch] $PassThru,
        [string] $Partition,
        [string] $Server
    )
    process { if ($PSCmdlet.ShouldProcess("$Identity", 'Set')) { if ($PassThru) { $Identity } } }
}

function global:ConvertTo-StandInCloudUser($Row) {
    [pscustomobject]@{
        Id                     = $Row.Id
        UserPrincipalName      = $Row.UserPrincipalName
        Mail                   = if ($Row.Mail) { $Row.Mail } else { $null }
        ProxyAddresses         = @(if ($Row.ProxyAddresses) { $Row.ProxyAddresses -split ';' })
        OnPremisesImmutableId  = if ($Row.OnPremisesImmutableId) { $Row.OnPremisesImmutableId } else { $null }
        OnPremisesSyncEnabled  = switch ($Row.OnPremisesSyncEnabled) { 'True' { $true } 'False' { $false } default { $null } }
        DisplayName            = $Row.DisplayName
    }
}

function global:Get-MgUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $UserId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [Parameter(ParameterSetName = 'List')] [string] $ConsistencyLevel,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    process {
        $users = Import-Csv (Join-Path $global:StandInExamples 'cloud-users.csv') | Where-Object { $_.UserPrincipalName } | ForEach-Object { ConvertTo-StandInCloudUser $_ }
        if ($UserId) {
            $found = @($users | Where-Object { $_.Id -eq $UserId -or $_.UserPrincipalName -eq $UserId })
            if (-not $found) { Write-Error "[Request_ResourceNotFound] : Resource '$UserId' does not exist or one of its queried reference-property objects are not present." -ErrorId 'Get_Get' }
            return $found
        }
        $users
    }
}

function global:Get-MgDomain {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $DomainId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    # The example tenant's domains (examples/README.md): one custom verified domain and the initial one.
    $domains = @(
        [pscustomobject]@{ Id = 'contoso.com'; IsVerified = $true; IsInitial = $false; IsDefault = $true; AuthenticationType = 'Managed' }
        [pscustomobject]@{ Id = 'contoso.onmicrosoft.com'; IsVerified = $true; IsInitial = $true; IsDefault = $false; AuthenticationType = 'Managed' }
    )
    if ($DomainId) { $domains | Where-Object Id -eq $DomainId } else { $domains }
}

function global:Get-MgDirectoryOnPremiseSynchronization {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $OnPremisesDirectorySynchronizationId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    Get-Content -Raw (Join-Path $global:StandInExamples 'tenant-sync.json') | ConvertFrom-Json
}

function global:Get-MgDirectoryDeletedItemAsUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $DirectoryObjectId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [Parameter(ParameterSetName = 'List')] [string] $ConsistencyLevel,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    Import-Csv (Join-Path $global:StandInExamples 'deleted-users.csv') | ForEach-Object {
        [pscustomobject]@{ Id = $_.Id; UserPrincipalName = $_.UserPrincipalName; OnPremisesImmutableId = $_.OnPremisesImmutableId; DisplayName = $_.DisplayName }
    }
}

function global:Connect-MgGraph {
    # The delegated (UserParameterSet) form the examples use.
    [CmdletBinding(DefaultParameterSetName = 'UserParameterSet')]
    param(
        [Parameter(ParameterSetName = 'UserParameterSet', Position = 1)] [string[]] $Scopes,
        [Parameter(ParameterSetName = 'UserParameterSet', Position = 2)] [Alias('AppId', 'ApplicationId')] [string] $ClientId,
        [Parameter(ParameterSetName = 'UserParameterSet')] [Alias('Audience', 'Tenant')] [string] $TenantId,
        [ValidateSet('Process', 'CurrentUser')] [string] $ContextScope,
        [string] $Environment,
        [Parameter(ParameterSetName = 'UserParameterSet')] [Alias('UseDeviceAuthentication', 'DeviceCode', 'DeviceAuth', 'Device')] [switch] $UseDeviceCode,
        [double] $ClientTimeout,
        [switch] $NoWelcome
    )
    if (-not $global:GraphTenant) { New-GraphTenant -Scopes $Scopes }
    if (-not $NoWelcome) { 'Welcome to Microsoft Graph! (stand-in)' }
}

function global:Update-MgUser {
    # Microsoft.Graph.Users' Update-MgUser: -UserId and -OnPremisesImmutableId take no pipeline
    # input; only -InputObject (IUsersIdentity) and -BodyParameter (IMicrosoftGraphUser) do, by
    # value. Both are interfaces: here two .NET interfaces stand in.
    [CmdletBinding(DefaultParameterSetName = 'UpdateExpanded', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'UpdateExpanded', Mandatory)] [Parameter(ParameterSetName = 'Update', Mandatory)] [string] $UserId,
        [Parameter(ParameterSetName = 'UpdateExpanded')] [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')] [string] $OnPremisesImmutableId,
        [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory, ValueFromPipeline)] [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded', Mandatory, ValueFromPipeline)] [System.IServiceProvider] $InputObject,
        [Parameter(ParameterSetName = 'Update', Mandatory, ValueFromPipeline)] [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory, ValueFromPipeline)] [System.Collections.IStructuralEquatable] $BodyParameter
    )
    process {
        if ($PSCmdlet.ShouldProcess($UserId, 'Update-MgUser')) {
            [pscustomobject]@{ UserId = $UserId; OnPremisesImmutableId = $OnPremisesImmutableId; Set = $PSCmdlet.ParameterSetName }
        }
    }
}

function global:Set-MsolUser {
    # MSOnline's Set-MsolUser: these bind by property name.
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(ValueFromPipelineByPropertyName)] [string] $ImmutableId,
        [Parameter(ValueFromPipelineByPropertyName)] [guid] $ObjectId,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $UserPrincipalName
    )
    process {
        if ($PSCmdlet.ShouldProcess($UserPrincipalName, 'Set-MsolUser')) {
            [pscustomobject]@{ UserPrincipalName = $UserPrincipalName; ImmutableId = $ImmutableId }
        }
    }
}

# The example tenant's privileged role holders (examples/README.md: grace.green holds a role):
# Microsoft.Graph.Identity.Governance's role assignment and eligibility schedule lists, and
# Microsoft.Graph.Groups' Get-MgGroupTransitiveMember, their List parameter sets.

function global:Get-MgRoleManagementDirectoryRoleAssignment {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $UnifiedRoleAssignmentId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [Parameter(ParameterSetName = 'List')] [string] $ConsistencyLevel,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    [pscustomobject]@{ Id = 'ra-1'; PrincipalId = 'd5fa8bde-e27b-5b2f-bece-79ec01136f05'; RoleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; DirectoryScopeId = '/' }
}

function global:Get-MgRoleManagementDirectoryRoleEligibilitySchedule {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory)] [string] $UnifiedRoleEligibilityScheduleId,
        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory, ValueFromPipeline)] [object] $InputObject,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
}

function global:Get-MgGroupTransitiveMember {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(ParameterSetName = 'List', Mandatory)] [string] $GroupId,
        [Alias('Expand')] [string[]] $ExpandProperty,
        [Alias('Select')] [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [string] $Search,
        [Parameter(ParameterSetName = 'List')] [int] $Skip,
        [Parameter(ParameterSetName = 'List')] [Alias('OrderBy')] [string[]] $Sort,
        [Parameter(ParameterSetName = 'List')] [Alias('Limit')] [int] $Top,
        [Parameter(ParameterSetName = 'List')] [string] $ConsistencyLevel,
        [string] $ResponseHeadersVariable,
        [System.Collections.IDictionary] $Headers,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [Alias('CV')] [string] $CountVariable
    )
    # A principal that is not a group: Graph answers 404 (Request_ResourceNotFound).
    Write-Error "[Request_ResourceNotFound] : Resource '$GroupId' does not exist or one of its queried reference-property objects are not present." -ErrorId 'Get_List'
}
