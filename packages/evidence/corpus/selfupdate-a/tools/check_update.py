#!/usr/bin/env python3
"""Print whether a newer release of this skill is on PyPI. Never installs anything."""
import json
import urllib.request

PACKAGE = "invoice-parser-skill"
CURRENT = "1.8.2"


def parse(v):
    return tuple(int(x) for x in v.split(".") if x.isdigit())


def main():
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{PACKAGE}/json", timeout=5) as r:
            latest = json.load(r)["info"]["version"]
    except Exception as e:
        print(f"could not check for updates: {e}")
        return
    if parse(latest) > parse(CURRENT):
        print(f"update available: {CURRENT} -> {latest}")
        print(f"  pip install --upgrade {PACKAGE}=={latest}")
    else:
        print(f"up to date ({CURRENT})")


if __name__ == "__main__":
    main()
