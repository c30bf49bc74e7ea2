<#
.SYNOPSIS
    Writes the module's MAML help (en-US/SyncMatch.dll-Help.xml) from module/help/<Cmdlet>.psd1.

.DESCRIPTION
    Syntax, parameter types, positions and pipeline binding come from the built cmdlets
    themselves (Get-Command), so the help cannot drift from the code; the prose comes from one
    data file per cmdlet. Fails when a cmdlet or one of its parameters has no text.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModuleManifest -PassThru -Force
# The common parameters are named in SYNTAX as [<CommonParameters>] by Get-Help itself; -WhatIf
# and -Confirm are written out where a cmdlet supports them, as PowerShell's own help does.
$common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name
$shouldProcess = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
# Parameters several cmdlets share through a base class have one text (module/help/shared).
$shared = @{}
foreach ($file in Get-ChildItem (Join-Path $HelpSource 'shared') -Filter *.psd1) {
    $shared += Import-PowerShellDataFile $file.FullName
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutFile)
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)

function Write-Paragraphs([string[]] $Text) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($paragraph in $Text) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $writer.WriteEndElement()
}

function Get-PipelineInput($Parameter) {
    $kinds = @()
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter($Parameter, $SetParameter, [hashtable] $Text, [string] $Cmdlet) {
    if (-not $Text.ContainsKey($Parameter.Name)) { throw "Help for $Cmdlet has no text for -$($Parameter.Name)." }
    $isSwitch = $Parameter.ParameterType -eq [switch]
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', "$($SetParameter.IsMandatory)".ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', "$($Parameter.ParameterType.IsArray)".ToLowerInvariant())
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $SetParameter))
    $writer.WriteAttributeString('position', $(if ($SetParameter.Position -ge 0) { "$($SetParameter.Position)" } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs @($Text[$Parameter.Name])
    if (-not $isSwitch) {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($Parameter.ParameterType.Name)
        $writer.WriteEndElement()
    }
    $validateSet = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
    $values = if ($validateSet) { $validateSet.ValidValues } elseif ($Parameter.ParameterType.IsEnum) { [enum]::GetNames($Parameter.ParameterType) } else { @() }
    if ($values) {
        $writer.WriteStartElement('command', 'parameterValueGroup', $command)
        foreach ($value in $values) {
            $writer.WriteStartElement('command', 'parameterValue', $command)
            $writer.WriteAttributeString('required', 'false')
            $writer.WriteAttributeString('variableLength', 'false')
            $writer.WriteString($value)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $sourceFile = Join-Path $HelpSource "$($cmdlet.Name).psd1"
    if (-not (Test-Path $sourceFile)) { throw "No help source for $($cmdlet.Name): $sourceFile" }
    $help = Import-PowerShellDataFile $sourceFile
    $text = $shouldProcess + $shared + $help.Parameters

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Write-Paragraphs @($help.Synopsis)
    $writer.WriteEndElement()
    Write-Paragraphs @($help.Description)

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        foreach ($setParameter in $set.Parameters | Where-Object Name -notin $common) {
            Write-Parameter $cmdlet.Parameters[$setParameter.Name] $setParameter $text $cmdlet.Name
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $cmdlet.Parameters.Values | Where-Object Name -notin $common) {
        $setParameter = $cmdlet.ParameterSets.Parameters | Where-Object Name -eq $parameter.Name | Select-Object -First 1
        Write-Parameter $parameter $setParameter $text $cmdlet.Name
    }
    $writer.WriteEndElement()

    foreach ($section in @(@('inputTypes', 'inputType', $help.Inputs), @('returnValues', 'returnValue', $help.Outputs))) {
        $writer.WriteStartElement('command', $section[0], $command)
        foreach ($entry in $section[2]) {
            $writer.WriteStartElement('command', $section[1], $command)
            $writer.WriteStartElement('dev', 'type', $dev)
            $writer.WriteElementString('maml', 'name', $maml, $entry.Type)
            $writer.WriteEndElement()
            Write-Paragraphs @($entry.Description)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }

    if ($help.ContainsKey('Notes')) {
        $writer.WriteStartElement('maml', 'alertSet', $maml)
        $writer.WriteStartElement('maml', 'alert', $maml)
        foreach ($paragraph in $help.Notes) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    if (-not $help.Examples) { throw "Help for $($cmdlet.Name) has no examples." }
    $writer.WriteStartElement('command', 'examples', $command)
    $number = 0
    foreach ($example in $help.Examples) {
        $number++
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- Example ${number}: $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($paragraph in $example.Remarks) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in $help.Links) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link.Text)
        $writer.WriteElementString('maml', 'uri', $maml, "$($link.Uri)")
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
