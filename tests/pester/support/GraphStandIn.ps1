# A stand-in for Microsoft Graph: Invoke-MgGraphRequest with the real cmdlet's parameters (its
# reference page's syntax) and Get-MgContext, over an in-memory tenant that enforces what Entra ID
# enforces for onPremisesImmutableId, and fails the ways Graph fails:
#
# - Unique across users; refused on a synchronized user; 404 for an unknown id. The 400 texts are
#   the ones admins report publicly: observed, not documented.
# - $select is honoured: a read returns only the selected properties, and without $select only
#   the default ones (id, displayName, userPrincipalName: no onPremises* property), as Graph does.
# - Clearing with JSON null is refused on v1.0 and accepted on beta (msgraph-sdk-powershell #2819:
#   a 400 since mid-2024, body not published: the stand-in's text is its own).
# - Soft-deleted users are listed at /directory/deletedItems/microsoft.graph.user, paged by $top
#   with @odata.nextLink.
# - /me/transitiveMemberOf/microsoft.graph.directoryRole lists Roles (template ids) of the signed-in user.
# - An $filter on onPremisesImmutableId eq is served without ConsistencyLevel; one sent with it
#   or with $count is counted in AdvancedQueries (the module must not need them).
#
# Faults: Faults (a queue, one per PATCH) or FaultsByUser (one per user's first PATCH), each one
# or more of these joined by commas ('applied-timeout,stale:9'): '429'
# (Retry-After 0), '503', 'timeout' (thrown before the write), 'applied-timeout' (written, then
# thrown: the client's 100 s timeout), 'applied-504' (written, then 504), 'stale:N' (written, then
# N reads of the user show the old value), 'race' (another user takes the value just before),
# 'crash' (the process dies before the PATCH), 'crash-after' (after it). Throttle = N: the next N
# requests of any kind get 429 with Retry-After RetryAfter seconds. DieAt = N: the process dies
# at its N-th request. With StatePath, every write is saved there (Save-GraphTenant) before
# anything can kill the process, and Import-GraphTenant reads it back. PageSize caps a page of
# deleted users (Graph's is 999 for directory objects). Times holds when each request came.

function global:New-GraphTenant {
    param([string] $TenantId = '11111111-2222-3333-4444-555555555555', [string[]] $Scopes = @('User.ReadWrite.All'))
    $global:GraphTenant = @{
        TenantId = $TenantId; Scopes = $Scopes; Users = [ordered]@{}; Deleted = [ordered]@{}
        Faults = [System.Collections.Generic.Queue[string]]::new(); FaultsByUser = @{}
        Stale = @{}; Throttle = 0; RetryAfter = 0; DieAt = 0; StatePath = $null; PageSize = 999; Times = [System.Collections.Generic.List[datetime]]::new()
        Patches = 0; Applied = @{}; AdvancedQueries = 0; Requests = [System.Collections.Generic.List[string]]::new()
        # The signed-in user's active directory roles, by template id (permissions-reference.md): User Administrator.
        Roles = [System.Collections.Generic.List[string]]@('fe930be7-5e62-47db-91af-98c3a49a38b1')
    }
}

function global:Add-GraphUser {
    param([string] $Id, [string] $UserPrincipalName, [string] $ImmutableId, [bool] $SyncEnabled = $false, [switch] $Deleted)
    $user = [ordered]@{ id = $Id; displayName = $UserPrincipalName; userPrincipalName = $UserPrincipalName; onPremisesImmutableId = $(if ($ImmutableId) { $ImmutableId } else { $null }); onPremisesSyncEnabled = $(if ($SyncEnabled) { $true } else { $null }) }
    if ($Deleted) { $global:GraphTenant.Deleted[$Id] = $user } else { $global:GraphTenant.Users[$Id] = $user }
}

function global:Save-GraphTenant([string] $Path) {
    $tenant = $global:GraphTenant
    $state = @{ TenantId = $tenant.TenantId; Users = @($tenant.Users.Values); Deleted = @($tenant.Deleted.Values); FaultsByUser = $tenant.FaultsByUser; Applied = $tenant.Applied }
    $temporary = "$Path.tmp"
    $state | ConvertTo-Json -Depth 5 -Compress | Set-Content -LiteralPath $temporary
    Move-Item -LiteralPath $temporary -Destination $Path -Force
}

function global:Import-GraphTenant([string] $Path) {
    $state = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json -AsHashtable
    New-GraphTenant -TenantId $state.TenantId
    foreach ($user in $state.Users) { $global:GraphTenant.Users[$user.id] = [ordered]@{ id = $user.id; displayName = $user.displayName; userPrincipalName = $user.userPrincipalName; onPremisesImmutableId = $user.onPremisesImmutableId; onPremisesSyncEnabled = $user.onPremisesSyncEnabled } }
    foreach ($user in $state.Deleted) { $global:GraphTenant.Deleted[$user.id] = [ordered]@{ id = $user.id; displayName = $user.displayName; userPrincipalName = $user.userPrincipalName; onPremisesImmutableId = $user.onPremisesImmutableId; onPremisesSyncEnabled = $user.onPremisesSyncEnabled } }
    if ($state.FaultsByUser) { $global:GraphTenant.FaultsByUser = $state.FaultsByUser }
    if ($state.Applied) { $global:GraphTenant.Applied = $state.Applied }
    $global:GraphTenant.StatePath = $Path
}

function global:Get-MgContext {
    [CmdletBinding()] param()
    if ($global:GraphTenant) { [pscustomobject]@{ TenantId = $global:GraphTenant.TenantId; Scopes = $global:GraphTenant.Scopes; AuthType = 'Delegated'; Account = 'admin@contoso.onmicrosoft.com' } }
}

function global:Select-GraphProperty($User, [string] $Select) {
    $names = if ($Select) { $Select -split ',' } else { 'id', 'displayName', 'userPrincipalName' }
    $selected = [ordered]@{}
    foreach ($name in $names) { $selected[$name] = $User[$name] }
    $selected
}

function global:Invoke-MgGraphRequest {
    [CmdletBinding(DefaultParameterSetName = 'UserParameterSet')]
    param(
        [Parameter(Position = 0)] [ValidateSet('GET', 'POST', 'PUT', 'PATCH', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory, Position = 1)] [uri] $Uri,
        [Parameter(Position = 2)] [object] $Body,
        [Parameter(Position = 3)] [System.Collections.IDictionary] $Headers,
        [Parameter(Position = 4)] [string] $OutputFilePath,
        [Parameter(Position = 5)] [string] $InputFilePath,
        [Parameter(Position = 6)] [string] $ContentType,
        [Parameter(Position = 7)] [string] $SessionVariable,
        [Parameter(Position = 8)] [string] $ResponseHeadersVariable,
        [Parameter(Position = 9)] [string] $StatusCodeVariable,
        [Parameter(Position = 10)] [object] $GraphRequestSession,
        [Parameter(Position = 11)] [string] $UserAgent,
        [Parameter(Position = 12)] [ValidateSet('HashTable', 'PSObject', 'HttpResponseMessage', 'Json')] [string] $OutputType = 'HashTable',
        [switch] $InferOutputFileName, [switch] $PassThru, [switch] $SkipHeaderValidation, [switch] $SkipHttpErrorCheck, [switch] $Break
    )
    $tenant = $global:GraphTenant
    $tenant.Requests.Add("$Method $Uri")
    $tenant.Times.Add([datetime]::UtcNow)
    if ($tenant.DieAt -gt 0 -and $tenant.Requests.Count -ge $tenant.DieAt) { [Environment]::Exit(9) }
    $status = 200; $headers = @{}; $content = ''
    $errorBody = { param($GraphCode, $Message, $Details) $errorObject = [ordered]@{ code = $GraphCode; message = $Message }; if ($Details) { $errorObject.details = @($Details) }; $errorObject.innerError = @{ 'request-id' = [guid]::NewGuid().ToString() }; @{ error = $errorObject } | ConvertTo-Json -Depth 5 -Compress }
    $version = if ($Uri.AbsolutePath -like '/beta/*') { 'beta' } else { 'v1.0' }
    $path = $Uri.AbsolutePath -replace '^/(v1\.0|beta)', ''
    $query = [System.Web.HttpUtility]::ParseQueryString($Uri.Query)
    $save = { if ($tenant.StatePath) { Save-GraphTenant $tenant.StatePath } }
    if ($tenant.Throttle -gt 0) {
        $tenant.Throttle--
        $status = 429; $headers = @{ 'Retry-After' = @("$($tenant.RetryAfter)") }; $content = & $errorBody 'TooManyRequests' 'Too many requests.'
    } elseif ($Method -eq 'GET' -and $path -eq '/users') {
        if ($Headers -and $Headers.Contains('ConsistencyLevel') -or $query['$count']) { $tenant.AdvancedQueries++ }
        $wanted = ([regex]::Match($query['$filter'], "onPremisesImmutableId eq '(.*)'")).Groups[1].Value -replace "''", "'"
        $found = @($tenant.Users.Values | Where-Object { $_.onPremisesImmutableId -ceq $wanted } | ForEach-Object { Select-GraphProperty $_ $query['$select'] })
        $content = @{ value = $found } | ConvertTo-Json -Depth 4 -Compress
    } elseif ($Method -eq 'GET' -and $path -eq '/me/transitiveMemberOf/microsoft.graph.directoryRole') {
        $roles = @($tenant.Roles | ForEach-Object { Select-GraphProperty @{ id = [guid]::NewGuid().ToString(); roleTemplateId = $_; displayName = $_ } $query['$select'] })
        $content = @{ value = $roles } | ConvertTo-Json -Depth 4 -Compress
    } elseif ($Method -eq 'GET' -and $path -eq '/directory/deletedItems/microsoft.graph.user') {
        $all = @($tenant.Deleted.Values)
        $top = [Math]::Min($tenant.PageSize, $(if ($query['$top']) { [int]$query['$top'] } else { 100 }))
        $skip = if ($query['$skiptoken']) { [int]$query['$skiptoken'] } else { 0 }
        $page = [ordered]@{ value = @($all | Select-Object -Skip $skip -First $top | ForEach-Object { Select-GraphProperty $_ $query['$select'] }) }
        if ($skip + $top -lt $all.Count) {
            $next = [System.Web.HttpUtility]::ParseQueryString($Uri.Query); $next['$skiptoken'] = "$($skip + $top)"
            $page['@odata.nextLink'] = "https://graph.microsoft.com/$version$path`?$($next.ToString())"
        }
        $content = $page | ConvertTo-Json -Depth 4 -Compress
    } elseif ($path -match '^/users/(?<id>[^/]+)$') {
        $id = [uri]::UnescapeDataString($Matches.id)
        $user = $tenant.Users[$id]
        if (-not $user) {
            $status = 404; $content = & $errorBody 'Request_ResourceNotFound' "Resource '$id' does not exist or one of its queried reference-property objects are not present."
        } elseif ($Method -eq 'GET') {
            $shown = $user
            if ($tenant.Stale[$id] -and $tenant.Stale[$id].Count -gt 0) {
                $tenant.Stale[$id].Count--
                $shown = [ordered]@{}; foreach ($key in $user.Keys) { $shown[$key] = $user[$key] }; $shown.onPremisesImmutableId = $tenant.Stale[$id].Old
            }
            $content = Select-GraphProperty $shown $query['$select'] | ConvertTo-Json -Compress
        } elseif ($Method -eq 'PATCH') {
            $fault = if ($tenant.Faults.Count) { $tenant.Faults.Dequeue() } elseif ($tenant.FaultsByUser[$id]) { $tenant.FaultsByUser[$id]; $tenant.FaultsByUser.Remove($id); & $save } else { '' }
            $value = ($Body | ConvertFrom-Json).onPremisesImmutableId
            $faults = @($fault -split ',')
            switch -Regex ($faults[0]) {
                '^429$' { $status = 429; $headers = @{ 'Retry-After' = @('0') }; $content = & $errorBody 'TooManyRequests' 'Too many requests.' }
                '^503$' { $status = 503; $content = & $errorBody 'ServiceUnavailable' 'The service is temporarily unavailable.' }
                '^timeout$' { throw [System.TimeoutException]::new('The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.') }
                '^crash$' { [Environment]::Exit(3) }
                default {
                    if ($faults -contains 'race') { $tenant.Users['racer'] = [ordered]@{ id = 'racer'; displayName = 'racer'; userPrincipalName = 'racer@contoso.com'; onPremisesImmutableId = $value; onPremisesSyncEnabled = $null } }
                    $holder = $tenant.Users.Values | Where-Object { $null -ne $value -and $_.onPremisesImmutableId -ceq $value -and $_.id -ne $id } | Select-Object -First 1
                    if ($user.onPremisesSyncEnabled) {
                        $status = 400; $content = & $errorBody 'Request_BadRequest' 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.'
                    } elseif ($null -eq $value -and $version -eq 'v1.0') {
                        $status = 400; $content = & $errorBody 'Request_BadRequest' 'Invalid value specified for property ''onPremisesImmutableId'' of resource ''User''.'
                    } elseif ($holder) {
                        $status = 400; $content = & $errorBody 'Request_BadRequest' 'Another object with the same value for property onPremisesImmutableId already exists.' @{ code = 'ObjectConflict'; target = 'onPremisesImmutableId'; message = "Conflicting object: $($holder.id)" }
                    } else {
                        $old = $user.onPremisesImmutableId
                        $user.onPremisesImmutableId = $value
                        $tenant.Patches++
                        $tenant.Applied[$id] = 1 + [int]$tenant.Applied[$id]
                        & $save
                        $status = 204
                        foreach ($token in $faults) { if ($token -match '^stale:(\d+)$') { $tenant.Stale[$id] = @{ Count = [int]$Matches[1]; Old = $old } } }
                        if ($faults -contains 'crash-after') { [Environment]::Exit(4) }
                        if ($faults -contains 'applied-timeout') { throw [System.TimeoutException]::new('The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.') }
                        if ($faults -contains 'applied-504') { $status = 504; $content = & $errorBody 'GatewayTimeout' 'The gateway did not receive a response in time.' }
                    }
                }
            }
        }
    } else {
        $status = 400; $content = & $errorBody 'BadRequest' "The stand-in does not serve $Method $path."
    }
    if ($StatusCodeVariable) { Set-Variable -Name $StatusCodeVariable -Value $status -Scope 1 }
    if ($ResponseHeadersVariable) { Set-Variable -Name $ResponseHeadersVariable -Value $headers -Scope 1 }
    if (-not $SkipHttpErrorCheck -and $status -ge 400) { throw "Response status code does not indicate success: $status" }
    $content
}
