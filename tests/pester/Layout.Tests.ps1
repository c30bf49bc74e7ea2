# The C# folders follow the data, one direction: Text and Native at the bottom, Directory (reading
# pipeline objects into native batches) on them, the domains (Anchors, Addresses, Readiness,
# Matching, HardMatch; Deployment, the settings they share, handed to them as a native handle) on
# those and never on each other, Ldap (reading Active Directory into an export) on Directory,
# Report (pages of their results) on the
# domains, Commands on top. A folder imports only what lies
# beneath it; this holds every file's `using SyncMatch.*` to that.
BeforeDiscovery {
    $script:files = Get-ChildItem (Join-Path $PSScriptRoot '../../module/src') -Recurse -Filter *.cs | ForEach-Object { @{ Path = $_.FullName; Name = "$($_.Directory.Name)/$($_.Name)" } }
}

Describe 'The module''s folders import only what lies beneath them' {
    BeforeAll {
        $beneath = @{
            Text      = @()
            Native    = @('Text')
            Directory = @('Text', 'Native')
            Anchors   = @('Text', 'Native', 'Directory')
            Addresses = @('Text', 'Native', 'Directory')
            Readiness = @('Text', 'Native', 'Directory')
            Matching  = @('Text', 'Native', 'Directory')
            HardMatch = @('Text', 'Native', 'Directory')
            Deployment = @('Text', 'Native')
            Ldap      = @('Text', 'Native', 'Directory')
            Report    = @('Text', 'Native', 'Directory', 'Readiness', 'Matching', 'HardMatch')
            Commands  = @('Text', 'Native', 'Directory', 'Anchors', 'Addresses', 'Readiness', 'Matching', 'HardMatch', 'Deployment', 'Ldap', 'Report')
        }
    }

    It '<Name>' -ForEach $files {
        $folder = Split-Path (Split-Path $Path) -Leaf
        $beneath.Keys | Should -Contain $folder -Because 'every folder has a place in the layering'
        $imports = Select-String -Path $Path -Pattern '^using SyncMatch\.(\w+);' | ForEach-Object { $_.Matches[0].Groups[1].Value }
        foreach ($import in $imports) {
            $beneath[$folder] | Should -Contain $import -Because "$folder may not import $import"
        }
    }
}
