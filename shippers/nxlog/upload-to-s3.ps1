# Uploads NXLog's finished hourly files (not the one being written) under the raw prefix, then deletes
# them. Run every 15 minutes from Task Scheduler as the account that holds the shipper credentials
# (an instance profile with ShipperPolicyArn, or an AWS profile that assumes ShipperRoleArn).
# Needs AWS.Tools.S3: Install-Module AWS.Tools.S3
param(
    [Parameter(Mandatory = $true)] [string] $Bucket,
    [string] $Region = 'eu-west-1',
    [string] $RawPrefix = 'raw/',
    [string] $Spool = 'C:\ProgramData\nxlog\spool'
)
$ErrorActionPreference = 'Stop'
$current = 'events-' + (Get-Date -Format 'yyyyMMddHH') + '.json'
Get-ChildItem -Path $Spool -Filter 'events-*.json' |
    Where-Object { $_.Name -ne $current -and $_.Length -gt 0 } |
    ForEach-Object {
        $key = '{0}nxlog/{1}/{2}' -f $RawPrefix, $env:COMPUTERNAME, $_.Name
        Write-S3Object -BucketName $Bucket -Region $Region -Key $key -File $_.FullName
        Remove-Item -LiteralPath $_.FullName
    }
