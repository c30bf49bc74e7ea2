# Shared by the hard-match write tests: plans against the Graph stand-in's users, journal paths,
# and the journal's seal computed independently of the module (docs/model.md, *The journal*: the
# MAC of a line is HMAC-SHA-256, under the key, of the previous line's MAC and the record).

function global:Get-TestAnchor([int] $Number) { [Convert]::ToBase64String([guid]::new($Number, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)).ToByteArray()) }

function global:New-TestPlan {
    # One item per pair of (sAMAccountName, cloud id), planned against the stand-in's users; the
    # i-th sAMAccountName's objectGUID is Get-TestAnchor (i + 1).
    param([string[]] $Sam, [string[]] $CloudId, [switch] $AllowReplace)
    $ad = for ($i = 0; $i -lt $Sam.Count; $i++) { [pscustomobject]@{ DistinguishedName = "CN=$($Sam[$i]),DC=contoso,DC=com"; ObjectGUID = [guid]::new($i + 1, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = $Sam[$i]; UserPrincipalName = "$($Sam[$i])@contoso.com"; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null; 'mS-DS-ConsistencyGuid' = $null } }
    $cloud = $global:GraphTenant.Users.Values | ForEach-Object { [pscustomobject]@{ Id = $_.id; UserPrincipalName = $_.userPrincipalName; OnPremisesImmutableId = $_.onPremisesImmutableId; OnPremisesSyncEnabled = $_.onPremisesSyncEnabled } }
    $rows = for ($i = 0; $i -lt $Sam.Count; $i++) { [pscustomobject]@{ SamAccountName = $Sam[$i]; CloudUserId = $CloudId[$i] } }
    $rows | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -AllowReplace:$AllowReplace -WarningAction SilentlyContinue
}

function global:New-TestJournalPath([string] $Name = 'journal') { Join-Path ([IO.Path]::GetTempPath()) "syncmatch-$Name-$PID-$([guid]::NewGuid().ToString('N')).jsonl" }

function global:Get-TestJournal([string] $Path) { @(Get-Content -LiteralPath $Path | ConvertFrom-Json) }

function global:Get-TestSealedLine {
    # The line the module would write for $Record after a line whose MAC is $PreviousMac.
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Record, [string] $PreviousMac, [Parameter(Mandatory)] [byte[]] $Key)
    $json = $Record | ConvertTo-Json -Compress
    $hmac = [System.Security.Cryptography.HMACSHA256]::new($Key)
    $mac = [Convert]::ToHexString($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$PreviousMac$json"))).ToLowerInvariant()
    $json.Substring(0, $json.Length - 1) + ",`"mac`":`"$mac`"}"
}

function global:Add-TestSealedLine {
    # Appends a record sealed with $Key after the journal's last line: a forger who holds the key.
    param([string] $Path, [System.Collections.IDictionary] $Record, [byte[]] $Key)
    $last = (Get-Content -LiteralPath $Path | Select-Object -Last 1 | ConvertFrom-Json).mac
    Add-Content -LiteralPath $Path -Value (Get-TestSealedLine -Record $Record -PreviousMac $last -Key $Key)
}
