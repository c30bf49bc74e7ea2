<#
.SYNOPSIS
    The malformed-input corpus: inputs real directories and careless scripts produce, each with a
    name. Objects that cannot live in a file (lone surrogates, 10 MB values, collections that hold
    themselves) are built here; CSV rows come from ad-rows.csv beside this file.
.OUTPUTS
    [pscustomobject] @{ Name; Value } per input, in a fixed order.
#>
[CmdletBinding()]
param()

function Item([string] $Name, $Value) { [pscustomobject]@{ Name = $Name; Value = $Value } }

function User([string] $Sam, [hashtable] $With = @{}) {
    $user = [ordered]@{
        DistinguishedName = "CN=$Sam,OU=Staff,DC=contoso,DC=com"
        SamAccountName    = $Sam
        UserPrincipalName = "$Sam@contoso.com"
        mail              = "$Sam@contoso.com"
        proxyAddresses    = [string[]]@("SMTP:$Sam@contoso.com")
        ObjectGUID        = [guid]::NewGuid()
    }
    foreach ($key in $With.Keys) { $user[$key] = $With[$key] }
    [pscustomobject]$user
}

$loop = [object[]]::new(1); $loop[0] = $loop
$wide = [object[]]::new(6); foreach ($i in 0..5) { $wide[$i] = $wide }
$deep = 'x'; foreach ($i in 1..3000) { $deep = , $deep }
$selfObject = [pscustomobject]@{ SamAccountName = 'self'; UserPrincipalName = 'self@contoso.com'; ObjectGUID = [guid]::NewGuid() }
$selfObject | Add-Member -NotePropertyName proxyAddresses -NotePropertyValue $null
$selfObject.proxyAddresses = $selfObject
$high = [char]0xD800
$low = [char]0xDC00
$tenMB = 'x' * 10MB
$caseKeys = [hashtable]::new([StringComparer]::Ordinal)
$caseKeys['mail'] = 'a@contoso.com'; $caseKeys['Mail'] = 'b@contoso.com'; $caseKeys['SamAccountName'] = 'casekeys'

# Names in many scripts: every one must be checked like any other.
$names = 'José', 'André', 'Renée', 'Zoë', 'Søren', 'Łukasz', 'Straße', 'Ελένη', 'Дмитрий', 'محمد', 'דוד', 'राज',
    '王伟', 'さくら', '민준', 'สมชาย', 'Nguyễn', ('e' + [char]0x301), '🙂'
foreach ($name in $names) {
    Item "name $name" (User $name @{ displayName = $name; mailNickname = $name })
    Item "name $name as hashtable" @{ SamAccountName = $name; UserPrincipalName = "$name@contoso.com"; ObjectGUID = [guid]::NewGuid() }
    Item "name $name as text" $name
}

# Surrogates, control characters, terminal sequences.
Item 'lone high surrogate in mail' (User 'lonehigh' @{ mail = "a${high}b@contoso.com" })
Item 'lone low surrogate in proxyAddresses' (User 'lonelow' @{ proxyAddresses = [string[]]@("SMTP:${low}@contoso.com") })
Item 'lone surrogate in sAMAccountName' (User "s$high")
Item 'lone surrogate as text' "$high"
Item 'NUL in proxy address' (User 'nul' @{ proxyAddresses = [string[]]@("SMTP:a$([char]0)b@contoso.com") })
Item 'SOH and DEL in mail' (User 'soh' @{ mail = "a$([char]1)$([char]127)@contoso.com" })
Item 'ESC title sequence in displayName' (User 'esc' @{ displayName = "$([char]27)]0;pwned$([char]7)" })
Item 'bidi override in UPN' (User 'bidi' @{ UserPrincipalName = "a$([char]0x202E)b@contoso.com" })
Item 'NUL as text' "$([char]0)"

# Sizes.
Item '10 MB displayName' (User 'big' @{ displayName = $tenMB })
Item '10 MB proxy address' (User 'bigproxy' @{ proxyAddresses = [string[]]@("smtp:$tenMB") })
Item '10 MB text' $tenMB
Item '5,000 proxy addresses' (User 'many' @{ proxyAddresses = [string[]](1..5000 | ForEach-Object { "smtp:a$_@contoso.com" }) })

# Recursion.
Item 'self-referential array' (, $loop)
Item 'array holding itself six times' (, $wide)
Item '3,000 levels deep' (, $deep)
Item 'proxyAddresses is the array that holds itself' (User 'loopproxy' @{ proxyAddresses = $loop })
Item 'proxyAddresses is the object itself' $selfObject

# Wrong types.
Item 'null' $null
Item 'empty string' ''
Item 'whitespace' '   '
Item 'integer' 42
Item 'char' ([char]'é')
Item 'date' ([datetime]'2026-01-01')
Item 'script block' { 'not a user' }
Item 'guid' ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
Item '16 bytes' ([byte[]](0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53, 0xF0))
Item 'empty byte array' (, [byte[]]@())
Item 'empty array' (, @())
Item 'empty hashtable' @{}
Item 'hashtable with keys differing only in case' $caseKeys
Item 'object with empty proxyAddresses' (User 'noproxies' @{ proxyAddresses = [string[]]@() })
Item 'object with no properties' ([pscustomobject]@{})
Item 'ObjectGUID as number' (User 'guidnumber' @{ ObjectGUID = 12345 })
Item 'consistency guid of 3 bytes' (User 'shortcg' @{ 'mS-DS-ConsistencyGuid' = [byte[]](1, 2, 3) })
Item 'proxyAddresses of mixed types' (User 'mixed' @{ proxyAddresses = @('SMTP:mixed@contoso.com', 42, $null, [guid]::Empty) })

# Type-name cells, as Windows PowerShell 5.1's Export-Csv writes multi-valued properties.
foreach ($typeName in 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection', 'System.String[]', 'System.Byte[]', 'System.Object[]') {
    Item "type name $typeName in proxyAddresses" (User 'typename' @{ proxyAddresses = $typeName })
    Item "type name $typeName as anchor" (User 'typeanchor' @{ 'mS-DS-ConsistencyGuid' = $typeName })
}

# CSV rows.
$row = 0
foreach ($csvRow in Import-Csv (Join-Path $PSScriptRoot 'ad-rows.csv')) {
    $row++
    Item "ad-rows.csv row $row" $csvRow
}

# Journal files that are not evidence (issue 20), as the paths an admin would give Undo-HardMatchPlan
# (every other cmdlet sees them as text or as a file to read). Sealed with a key no profile holds.
$journals = Join-Path ([IO.Path]::GetTempPath()) 'syncmatch-corpus-journals'
$null = New-Item -ItemType Directory -Force -Path $journals
$head = '{"phase":"head","format":"SyncMatch.HardMatchJournal/2","run":"r","tenantId":"t","planDigest":"d","items":1,"keyId":"0000000000000000","mac":"' + ('0' * 64) + '"}'
$before = '{"phase":"before","userId":"c1","immutableId":"AAA=","mac":"' + ('1' * 64) + '"}'
$journalFiles = [ordered]@{
    'journal: corrupt middle line' = "$head`n{`"phase`":`"bef`n$before`n"
    'journal: torn last line'      = "$head`n$before`n{`"phase`":`"after`",`"userId`":`"c1`",`"imm"
    'journal: forged seal'         = "$head`n$before`n" + '{"phase":"after","userId":"admin","immutableId":"QVRUQUNL","outcome":"Set","mac":"' + ('2' * 64) + '"}' + "`n"
    'journal: a CSV'               = "SamAccountName,CloudUserId`nann,c1`n"
    'journal: empty'               = ''
    'journal: another format'      = $head.Replace('HardMatchJournal/2', 'HardMatchJournal/1') + "`n"
    'journal: line past 64 KiB'    = "$head`n{`"phase`":`"before`",`"userId`":`"$('x' * 70000)`"}`n"
}
foreach ($name in $journalFiles.Keys) {
    $file = Join-Path $journals (($name -replace '[^a-z0-9]+', '-') + '.jsonl')
    [IO.File]::WriteAllText($file, $journalFiles[$name])
    Item $name $file
}
