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

# Hostile objects (issue 22): a value whose text throws, a live collection that fails midway (a
# directory read that drops), a getter that throws, a database's null, an ADSI SearchResult's
# shape, and shapes that are no list of addresses. Each is that input's error or absent value.
class ThrowingText { [string] ToString() { throw 'ToString failed' } }
class DroppingList : System.Collections.IEnumerable {
    [System.Collections.IEnumerator] GetEnumerator() { return [DroppingEnumerator]::new() }
}
class DroppingEnumerator : System.Collections.IEnumerator {
    [int] $At = 0
    [object] get_Current() { return "smtp:item$($this.At)@contoso.com" }
    [bool] MoveNext() { $this.At++; if ($this.At -gt 2) { throw 'The server is not operational.' }; return $true }
    [void] Reset() { $this.At = 0 }
}
$throwingGetter = User 'getter'
$throwingGetter.PSObject.Properties.Remove('mail')
$throwingGetter | Add-Member -MemberType ScriptProperty -Name mail -Value { throw 'The getter failed.' }
$table = [System.Data.DataTable]::new()
foreach ($column in 'DistinguishedName', 'SamAccountName', 'UserPrincipalName', 'mail', 'ObjectGUID') { $null = $table.Columns.Add($column) }
$null = $table.Rows.Add('CN=sql,DC=contoso,DC=com', 'sql', 'sql@contoso.com', [DBNull]::Value, [guid]::NewGuid().ToString())
Item 'ToString throws in mail' (User 'throwtext' @{ mail = [ThrowingText]::new() })
Item 'proxyAddresses that fail while listed' (User 'dropping' @{ proxyAddresses = [DroppingList]::new() })
Item 'a getter that throws' $throwingGetter
Item 'DBNull mail' (User 'dbnull' @{ mail = [DBNull]::Value })
Item 'a DataRow from SQL with a DBNull' $table.Rows[0]
Item 'an ADSI SearchResult shape' ([pscustomobject]@{ Path = 'LDAP://CN=x,DC=contoso,DC=com'; Properties = @{ samaccountname = @('x'); mail = @('x@contoso.com') } })
Item 'char[] proxyAddresses' (User 'chars' @{ proxyAddresses = [char[]]'SMTP:a@contoso.com' })
Item 'hashtable proxyAddresses' (User 'hashproxy' @{ proxyAddresses = @{ SMTP = 'a@contoso.com' } })
Item 'a list inside proxyAddresses' (User 'nested' @{ proxyAddresses = @(@('SMTP:a@contoso.com', 'smtp:b@contoso.com'), 'smtp:c@contoso.com') })

# Files read strictly or refused (issue 22), as the paths an admin gives: mixed encodings, a
# column named twice, a ragged row, UTF-16 cut at an odd byte, one Graph page of many, a
# directory, a device.
$files = Join-Path ([IO.Path]::GetTempPath()) 'syncmatch-corpus-files'
$null = New-Item -ItemType Directory -Force -Path $files
$utf8 = [Text.UTF8Encoding]::new($false)
$mixed = [Collections.Generic.List[byte]]::new($utf8.GetBytes("SamAccountName,DisplayName`r`njn,José`r`nrb,Ren"))
$mixed.Add(0xE9); $mixed.AddRange($utf8.GetBytes("e`r`n"))
$unicode = [Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes("SamAccountName`r`na`r`n")
$fileBytes = [ordered]@{
    'file: UTF-8 with one ANSI byte' = $mixed.ToArray()
    'file: a column named twice'     = $utf8.GetBytes("SamAccountName,mail,Mail`r`na,b,c`r`n")
    'file: a ragged row'             = $utf8.GetBytes("SamAccountName,mail`r`na,b`r`nc`r`n")
    'file: UTF-16 cut at an odd byte' = [byte[]]$unicode[0..($unicode.Length - 2)]
    'file: one Graph page of many'   = $utf8.GetBytes('{"value":[{"id":"c1","userPrincipalName":"a@contoso.com"}],"@odata.nextLink":"n"}')
}
foreach ($name in $fileBytes.Keys) {
    $file = Join-Path $files (($name -replace '[^a-zA-Z0-9]+', '-') + '.csv')
    [IO.File]::WriteAllBytes($file, $fileBytes[$name])
    Item $name $file
}
Item 'file: a directory' $files
Item 'file: a device' '/dev/zero'

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
