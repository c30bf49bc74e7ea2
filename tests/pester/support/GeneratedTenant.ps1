# A generated directory and tenant the size of a large customer's, written as export files the
# way an admin's would look: DNs under site OUs, 70% of users with a cloud user of the same mail
# (soft match), one cloud user in 25 of those already anchored (InvalidSoftMatch), one user in 50
# with a .local UPN and one in 100 with a space in its mail.
function New-GeneratedTenant {
    param([Parameter(Mandatory)] [string] $Folder, [int] $Count = 100000)
    $sites = 'Amsterdam', 'Berlin', 'Chicago', 'Dublin', 'Edinburgh', 'Frankfurt', 'Geneva', 'Helsinki'
    $first = 'Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy'
    $last = 'Adams', 'Brown', 'Clark', 'Davis', 'Evans', 'Foster', 'Green', 'Hill', 'Irwin', 'Jones', 'Moore', 'Novak', 'Olsen', 'Peters'
    $ad = [Text.StringBuilder]::new()
    $cloud = [Text.StringBuilder]::new()
    [void]$ad.AppendLine('"DistinguishedName","ObjectClass","ObjectGUID","SamAccountName","UserPrincipalName","mail","proxyAddresses","DisplayName"')
    [void]$cloud.AppendLine('"Id","UserPrincipalName","Mail","ProxyAddresses","OnPremisesImmutableId","OnPremisesSyncEnabled","DisplayName"')
    $bytes = [byte[]](1, 2, 3, 4, 5, 6, 7, 8)
    for ($i = 0; $i -lt $Count; $i++) {
        $given = $first[$i % $first.Count]; $sn = $last[[math]::Floor($i / $first.Count) % $last.Count]
        $name = "$given $sn $i"; $alias = "$($given.ToLower()).$($sn.ToLower()).$i"
        $suffix = if ($i % 50 -eq 7) { 'contoso.local' } else { 'contoso.com' }
        $mail = if ($i % 100 -eq 3) { "$alias x@contoso.com" } else { "$alias@contoso.com" }
        [void]$ad.AppendLine("""CN=$name,OU=Users,OU=$($sites[$i % $sites.Count]),DC=contoso,DC=com"",""user"",""$([guid]::new($i, 0, 0, $bytes))"",""u$i"",""$alias@$suffix"",""$mail"",""SMTP:$mail"",""$name""")
        if ($i % 10 -lt 7) {
            $anchor = if ($i % 25 -eq 1) { [Convert]::ToBase64String([guid]::new($i, 7, 7, $bytes).ToByteArray()) } else { '' }
            [void]$cloud.AppendLine("""$([guid]::new($i, 9, 9, $bytes))"",""$alias@contoso.com"",""$alias@contoso.com"",""SMTP:$alias@contoso.com"",""$anchor"","""",""$name""")
        }
    }
    [IO.File]::WriteAllText((Join-Path $Folder 'ad-users.csv'), $ad.ToString())
    [IO.File]::WriteAllText((Join-Path $Folder 'cloud-users.csv'), $cloud.ToString())
}
