import subprocess

# <restart>
def restart(service):
    # <call>
    subprocess.run(["systemctl", "restart", service], check=True)
    # </call>
    return True
# </restart>
