BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'ConvertTo-ImmutableId' {
    Context 'values' {
        It 'converts a [guid] to the documented immutableId' {
            $Known.Guid | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'reads GUID text in .NET format <Format>' -ForEach @(
            @{ Format = 'D' }, @{ Format = 'N' }, @{ Format = 'B' }, @{ Format = 'P' }, @{ Format = 'X' }
        ) {
            $Known.Guid.ToString($Format) | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
            $Known.Guid.ToString($Format).ToUpperInvariant() | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'reads a 16-byte array passed whole' {
            ConvertTo-ImmutableId -InputObject $Known.Bytes | Should -BeExactly $Known.ImmutableId
            , $Known.Bytes | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
            ConvertTo-ImmutableId -Guid $Known.Bytes | Should -BeExactly $Known.ImmutableId
        }

        It 'agrees with [Convert]::ToBase64String(guid.ToByteArray()) on random GUIDs' {
            $guids = 1..500 | ForEach-Object { [guid]::NewGuid() }
            $expected = $guids | ForEach-Object { Get-ReferenceImmutableId $_ }
            $guids | ConvertTo-ImmutableId | Should -Be $expected
            ConvertTo-ImmutableId -Guid $guids | Should -Be $expected
        }

        It 'never Base64-encodes the GUID text (the 48-character mistake)' {
            $id = $Known.Guid.ToString() | ConvertTo-ImmutableId
            $id.Length | Should -Be 24
        }
    }

    Context 'directory users, by property name' {
        It 'reads ObjectGUID from Get-ADUser-shaped objects' {
            New-ADUserObject -ObjectGuid $Known.Guid | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'prefers a populated mS-DS-ConsistencyGuid, as Entra Connect does' {
            $user = New-ADUserObject -ObjectGuid ([guid]::NewGuid()) -ConsistencyGuid $Known.Bytes
            $user | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'falls back to ObjectGUID when mS-DS-ConsistencyGuid is empty' {
            $user = New-ADUserObject -ObjectGuid $Known.Guid -ConsistencyGuid ([byte[]]@())
            $user | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It '-SourceAnchorAttribute ObjectGuid ignores the consistency GUID' {
            $user = New-ADUserObject -ObjectGuid $Known.Guid -ConsistencyGuid ([guid]::NewGuid().ToByteArray())
            $user | ConvertTo-ImmutableId -SourceAnchorAttribute ObjectGuid | Should -BeExactly $Known.ImmutableId
        }

        It '-SourceAnchorAttribute ConsistencyGuid on a user without one is a MissingSourceAnchor error' {
            $out = New-ADUserObject | ConvertTo-ImmutableId -SourceAnchorAttribute ConsistencyGuid -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'MissingSourceAnchor,*'
            $errors[0].Exception.Message | Should -Match 'mS-DS-ConsistencyGuid'
        }

        It 'reads hashtables' {
            @{ ObjectGUID = $Known.Guid } | ConvertTo-ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'reads Import-Csv rows, with the consistency GUID as Base64 or GUID text' {
            $csv = Join-Path $TestDrive 'users.csv'
            @(
                '#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser'
                '"SamAccountName","ObjectGUID","mS-DS-ConsistencyGuid"'
                "`"a`",`"$($Known.Guid)`",`"`""
                "`"b`",`"$([guid]::NewGuid())`",`"$($Known.ImmutableId)`""
                "`"c`",`"$([guid]::NewGuid())`",`"$($Known.Guid)`""
            ) | Set-Content $csv -Encoding Unicode
            Import-Csv $csv | ConvertTo-ImmutableId | Should -Be @($Known.ImmutableId, $Known.ImmutableId, $Known.ImmutableId)
        }

        It 'explains a System.Byte[] cell written by Windows PowerShell Export-Csv' {
            $row = [pscustomobject]@{ SamAccountName = 'x'; ObjectGUID = "$($Known.Guid)"; 'mS-DS-ConsistencyGuid' = 'System.Byte[]' }
            $row | ConvertTo-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TypeNameNotValue,*'
            $errors[0].Exception.Message | Should -Match 'mS-DS-ConsistencyGuid'
            $errors[0].Exception.Message | Should -Match 'Export-Csv'
        }
    }

    Context '-PassThru' {
        It 'adds ImmutableId to each input object and keeps its other properties' {
            $users = 1..3 | ForEach-Object { New-ADUserObject -Sam "user$_" }
            $out = $users | ConvertTo-ImmutableId -PassThru
            $out.Count | Should -Be 3
            $out.SamAccountName | Should -Be @('user1', 'user2', 'user3')
            foreach ($user in $out) { $user.ImmutableId | Should -BeExactly (Get-ReferenceImmutableId $user.ObjectGUID) }
        }

        It 'replaces an ImmutableId property that is already there' {
            $row = [pscustomobject]@{ ObjectGUID = $Known.Guid; ImmutableId = 'stale' }
            ($row | ConvertTo-ImmutableId -PassThru).ImmutableId | Should -BeExactly $Known.ImmutableId
        }
    }

    Context 'bad input' {
        It 'gives one result or one error per input, in order, and goes on' {
            $inputs = @($Known.Guid, 'not-a-guid', $null, "$($Known.Guid)", 'RU1QMDAxMjM0', [byte[]](1, 2, 3), $Known.ImmutableId)
            $out = $inputs | ConvertTo-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -Be @($Known.ImmutableId, $Known.ImmutableId, $Known.ImmutableId)
            $errors.Count | Should -Be 4
            ($out.Count + $errors.Count) | Should -Be $inputs.Count
            $errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } |
                Should -Be @('UnrecognizedSourceAnchor', 'EmptySourceAnchor', 'ImmutableIdNotGuid', 'InvalidAnchorLength')
        }

        It 'errors carry the category InvalidArgument and the input as target' {
            'zz-not-a-guid' | ConvertTo-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].TargetObject | Should -Be 'zz-not-a-guid'
            $errors[0].Exception.Message | Should -Match 'zz-not-a-guid'
        }

        It 'names the decoded length of a custom anchor' {
            'RU1QMDAxMjM0' | ConvertTo-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].Exception.Message | Should -Match '9 bytes'
        }

        It 'counts a mixed batch through -Guid: N in = outputs + errors' {
            $good = 1..2000 | ForEach-Object { [guid]::NewGuid() }
            $mixed = [System.Collections.Generic.List[object]]::new()
            foreach ($i in 0..($good.Count - 1)) {
                $mixed.Add($good[$i])
                if ($i % 100 -eq 0) { $mixed.Add("bad-$i") }
            }
            $out = ConvertTo-ImmutableId -Guid $mixed.ToArray() -ErrorVariable errors -ErrorAction SilentlyContinue
            $out.Count | Should -Be 2000
            $errors.Count | Should -Be 20
            ($out.Count + $errors.Count) | Should -Be $mixed.Count
            $out | Should -Be ($good | ForEach-Object { Get-ReferenceImmutableId $_ })
            $errors[0].TargetObject | Should -Be 'bad-0'
        }
    }

    Context 'streaming' {
        It 'keeps order across buffered chunks, errors included' {
            $inputs = foreach ($i in 1..10000) { if ($i % 997 -eq 0) { "bad-$i" } else { [guid]::NewGuid() } }
            $out = $inputs | ConvertTo-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
            $good = @($inputs | Where-Object { $_ -is [guid] })
            $out | Should -Be ($good | ForEach-Object { Get-ReferenceImmutableId $_ })
            $errors.TargetObject | Should -Be @($inputs | Where-Object { $_ -is [string] })
        }

        It 'emits the results before an error first, then stops with -ErrorAction Stop' {
            $seen = [System.Collections.Generic.List[string]]::new()
            { $Known.Guid, 'bad', [guid]::NewGuid() | ConvertTo-ImmutableId -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } |
                Should -Throw -ErrorId 'InvalidImmutableId,SyncMatch.Commands.ConvertToImmutableIdCommand'
            $seen | Should -Be @($Known.ImmutableId)
        }

        It 'writes the first result before the next input is produced (a slow upstream still streams)' {
            $log = [System.Collections.Generic.List[string]]::new()
            1..3 | ForEach-Object { $log.Add("in$_"); [guid]::NewGuid() } | ConvertTo-ImmutableId | ForEach-Object { $log.Add('out') }
            $log[0..1] | Should -Be 'in1', 'out'
            @($log | Where-Object { $_ -eq 'out' }).Count | Should -Be 3
        }

        It 'lets Select-Object -First stop it early' {
            $out = 1..20000 | ForEach-Object { [guid]::NewGuid() } | ConvertTo-ImmutableId | Select-Object -First 3
            $out.Count | Should -Be 3
        }

        It 'says so, terminating, when given nothing at all' {
            { ConvertTo-ImmutableId } | Should -Throw -ErrorId 'NoInput,SyncMatch.Commands.ConvertToImmutableIdCommand'
        }
    }

    Context '-NoEnumerate' {
        It 'returns one array aligned with -Guid, $null where an input failed, plus one error each' {
            $inputs = @($Known.Guid, 'bad', $Known.Bytes, $null)
            $out = ConvertTo-ImmutableId -Guid $inputs -NoEnumerate -ErrorVariable errors -ErrorAction SilentlyContinue
            , $out | Should -HaveCount 1
            $out.Count | Should -Be 4
            $out[0] | Should -BeExactly $Known.ImmutableId
            $out[1] | Should -BeNullOrEmpty
            $out[2] | Should -BeExactly $Known.ImmutableId
            $out[3] | Should -BeNullOrEmpty
            $errors.Count | Should -Be 2
        }
    }

    Context 'large arrays' {
        It 'converts more than one chunk through -Guid, in order' {
            $guids = [guid[]]::new(140000)
            for ($i = 0; $i -lt $guids.Length; $i++) { $guids[$i] = [guid]::NewGuid() }
            $out = ConvertTo-ImmutableId -Guid $guids
            $out.Count | Should -Be $guids.Length
            foreach ($i in 0, 65535, 65536, 131072, 139999) { $out[$i] | Should -BeExactly (Get-ReferenceImmutableId $guids[$i]) }
        }
    }
}
