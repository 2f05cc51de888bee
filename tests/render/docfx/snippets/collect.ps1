param([string]$Path = "C:\Logs")
# <Collect>
Get-ChildItem -Path $Path -Filter *.log |
    Where-Object { $_.Length -gt 0 } |
    Copy-Item -Destination "$env:TEMP\logs"
# </Collect>
