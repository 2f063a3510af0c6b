param(
  [Parameter(Position = 0, Mandatory = $true)][ValidateSet('add', 'list', 'get', 'remove')] [string]$Command,
  [Parameter(Position = 1)] [string]$Name,
  [Parameter(Position = 2)] [string]$Text
)
$ErrorActionPreference = 'Stop'
$dir = Join-Path $env:APPDATA 'TextSnippets'
$file = Join-Path $dir 'snippets.json'
if (-not (Test-Path $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
$store = @{}
if (Test-Path $file) {
  (Get-Content $file -Raw | ConvertFrom-Json).PSObject.Properties | ForEach-Object { $store[$_.Name] = $_.Value }
}

function Save-Store { $store | ConvertTo-Json -Depth 3 | Set-Content -Path $file -Encoding utf8 }

switch ($Command) {
  'add' { $store[$Name] = $Text; Save-Store; "saved '$Name'" }
  'list' { $store.Keys | Sort-Object | ForEach-Object { "{0,-20} {1}" -f $_, ($store[$_] -split "`n")[0] } }
  'get' {
    if (-not $store.ContainsKey($Name)) { throw "no snippet '$Name'" }
    $out = $store[$Name].Replace('{date}', (Get-Date -Format 'yyyy-MM-dd')).Replace('{time}', (Get-Date -Format 'HH:mm'))
    Set-Clipboard -Value $out
    $out
  }
  'remove' { [void]$store.Remove($Name); Save-Store; "removed '$Name'" }
}
