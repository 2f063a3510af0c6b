param([int]$Hours = 24, [string]$Out = (Join-Path $env:TEMP 'ir-triage'))
$ErrorActionPreference = 'Continue'
New-Item -ItemType Directory -Force -Path $Out | Out-Null
$since = (Get-Date).AddHours(-$Hours)

function Export-Events($name, $filter) {
  $ev = Get-WinEvent -FilterHashtable ($filter + @{ StartTime = $since }) -ErrorAction SilentlyContinue
  $ev | Select-Object TimeCreated, Id, ProviderName, @{n = 'Message'; e = { ($_.Message -split "`n")[0..6] -join ' | ' } } |
    Export-Csv -NoTypeInformation -Path (Join-Path $Out "$name.csv")
  "{0,-22} {1,6}" -f $name, @($ev).Count
}

Export-Events 'logon-failed' @{ LogName = 'Security'; Id = 4625 }
Export-Events 'logon-success' @{ LogName = 'Security'; Id = 4624 }
Export-Events 'log-cleared' @{ LogName = 'Security'; Id = 1102 }
Export-Events 'new-service' @{ LogName = 'System'; Id = 7045 }
Export-Events 'scheduled-task' @{ LogName = 'Security'; Id = 4698 }
Export-Events 'ps-scriptblock' @{ LogName = 'Microsoft-Windows-PowerShell/Operational'; Id = 4104 }
Export-Events 'defender' @{ LogName = 'Microsoft-Windows-Windows Defender/Operational'; Id = 1116, 1117, 5001, 5007 }

Get-MpComputerStatus | Select-Object AMServiceEnabled, RealTimeProtectionEnabled, AntivirusSignatureLastUpdated |
  Format-List | Out-File (Join-Path $Out 'defender-status.txt')
(Get-MpPreference).ExclusionPath | Out-File (Join-Path $Out 'defender-exclusions.txt')
Get-FileHash (Join-Path $Out '*') | Export-Csv -NoTypeInformation (Join-Path $Out 'SHA256SUMS.csv')
"evidence in $Out"
