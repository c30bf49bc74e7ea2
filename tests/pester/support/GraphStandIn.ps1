# A stand-in for Microsoft Graph: Invoke-MgGraphRequest with the real cmdlet's parameters (its
# reference page's syntax) and Get-MgContext, over an in-memory tenant that enforces what Entra ID
# enforces for onPremisesImmutableId: unique across users, refused on a synchronized user, 404 for
# an unknown id. The two 400 messages are the texts admins report publicly: observed, not
# documented. Faults are injected per PATCH: '429' (with Retry-After), '503', 'timeout', 'race'
# (another user takes the value just before the PATCH), 'crash' (the process dies before the
# PATCH) and 'crash-after' (it dies after it).

function global:New-GraphTenant {
    param([string] $TenantId = '11111111-2222-3333-4444-555555555555', [string[]] $Scopes = @('User.ReadWrite.All'))
    $global:GraphTenant = @{ TenantId = $TenantId; Scopes = $Scopes; Users = [ordered]@{}; Faults = [System.Collections.Generic.Queue[string]]::new(); Patches = 0; Requests = [System.Collections.Generic.List[string]]::new() }
}

function global:Add-GraphUser {
    param([string] $Id, [string] $UserPrincipalName, [string] $ImmutableId, [bool] $SyncEnabled = $false)
    $global:GraphTenant.Users[$Id] = [ordered]@{ id = $Id; userPrincipalName = $UserPrincipalName; onPremisesImmutableId = $(if ($ImmutableId) { $ImmutableId } else { $null }); onPremisesSyncEnabled = $(if ($SyncEnabled) { $true } else { $null }) }
}

function global:Get-MgContext {
    [CmdletBinding()] param()
    if ($global:GraphTenant) { [pscustomobject]@{ TenantId = $global:GraphTenant.TenantId; Scopes = $global:GraphTenant.Scopes; AuthType = 'Delegated'; Account = 'admin@contoso.onmicrosoft.com' } }
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
    $status = 200; $headers = @{}; $content = ''
    $errorBody = { param($GraphCode, $Message) @{ error = @{ code = $GraphCode; message = $Message } } | ConvertTo-Json -Compress }
    $path = $Uri.AbsolutePath -replace '^/v1\.0', ''
    $query = [System.Web.HttpUtility]::ParseQueryString($Uri.Query)
    if ($Method -eq 'GET' -and $path -eq '/users') {
        $wanted = ([regex]::Match($query['$filter'], "onPremisesImmutableId eq '(.*)'")).Groups[1].Value -replace "''", "'"
        $found = @($tenant.Users.Values | Where-Object { $_.onPremisesImmutableId -ceq $wanted })
        $content = @{ value = $found } | ConvertTo-Json -Depth 4 -Compress
    } elseif ($path -match '^/users/(?<id>[^/]+)$') {
        $id = [uri]::UnescapeDataString($Matches.id)
        $user = $tenant.Users[$id]
        if (-not $user) {
            $status = 404; $content = & $errorBody 'Request_ResourceNotFound' "Resource '$id' does not exist or one of its queried reference-property objects are not present."
        } elseif ($Method -eq 'GET') {
            $content = $user | ConvertTo-Json -Compress
        } elseif ($Method -eq 'PATCH') {
            $fault = if ($tenant.Faults.Count) { $tenant.Faults.Dequeue() } else { '' }
            $value = ($Body | ConvertFrom-Json).onPremisesImmutableId
            switch ($fault) {
                '429' { $status = 429; $headers = @{ 'Retry-After' = @('0') }; $content = '{"error":{"code":"TooManyRequests","message":"Too many requests."}}' }
                '503' { $status = 503; $content = & $errorBody 'ServiceUnavailable' 'The service is temporarily unavailable.' }
                'timeout' { throw [System.TimeoutException]::new('The request timed out after 100 seconds.') }
                'crash' { [Environment]::Exit(3) }
                default {
                    if ($fault -eq 'race') { $tenant.Users['racer'] = [ordered]@{ id = 'racer'; userPrincipalName = 'racer@contoso.com'; onPremisesImmutableId = $value; onPremisesSyncEnabled = $null } }
                    $holder = $tenant.Users.Values | Where-Object { $null -ne $value -and $_.onPremisesImmutableId -ceq $value -and $_.id -ne $id } | Select-Object -First 1
                    if ($user.onPremisesSyncEnabled) {
                        $status = 400; $content = & $errorBody 'Request_BadRequest' 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.'
                    } elseif ($holder) {
                        $status = 400; $content = & $errorBody 'Request_BadRequest' 'Another object with the same value for property onPremisesImmutableId already exists.'
                    } else {
                        $user.onPremisesImmutableId = $value
                        $tenant.Patches++
                        $status = 204
                        if ($fault -eq 'crash-after') { [Environment]::Exit(4) }
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

function global:Save-GraphTenant([string] $Path) { $global:GraphTenant | ConvertTo-Json -Depth 5 | Set-Content $Path }
