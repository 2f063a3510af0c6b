rule CoinMiner_XMRig_Config
{
    meta:
        author = "detection-team"
        description = "XMRig configuration or command line embedded in a binary or script"
        date = "2024-05-02"
    strings:
        $s1 = "stratum+tcp://" ascii wide
        $s2 = "\"donate-level\"" ascii
        $s3 = "xmrig" ascii nocase
        $s4 = "--cpu-max-threads-hint" ascii
        $pool1 = "pool.supportxmr.com" ascii
        $pool2 = "gulf.moneroocean.stream" ascii
    condition:
        filesize < 15MB and ($s1 and 1 of ($s2, $s3, $s4)) or any of ($pool*)
}

rule PowerShell_Download_Cradle
{
    meta:
        author = "detection-team"
        description = "Common PowerShell download-and-execute cradles"
    strings:
        $a1 = "IEX (New-Object Net.WebClient).DownloadString(" ascii wide nocase
        $a2 = "Invoke-Expression (Invoke-WebRequest" ascii wide nocase
        $a3 = "iwr -useb" ascii wide nocase
        $b1 = "-EncodedCommand" ascii wide nocase
        $b2 = "FromBase64String(" ascii wide nocase
    condition:
        filesize < 2MB and (any of ($a*) or ($b1 and $b2))
}

rule Linux_Cron_Curl_Pipe
{
    meta:
        description = "cron line that fetches and pipes into a shell"
    strings:
        $c = /\* \* \* \* \*[^\n]{0,40}(curl|wget)[^\n]{0,120}\|\s*(ba)?sh/
    condition:
        filesize < 1MB and $c
}
