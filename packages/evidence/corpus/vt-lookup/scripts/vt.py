#!/usr/bin/env python3
import argparse
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request

API = "https://www.virustotal.com/api/v3/files/"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def lookup(digest):
    key = os.environ.get("VT_API_KEY")
    if not key:
        sys.exit("set VT_API_KEY")
    req = urllib.request.Request(API + digest, headers={"x-apikey": key})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            a = json.load(r)["data"]["attributes"]
    except urllib.error.HTTPError as e:
        return {"hash": digest, "status": "unknown" if e.code == 404 else f"error {e.code}"}
    stats = a.get("last_analysis_stats", {})
    return {
        "hash": digest,
        "malicious": stats.get("malicious", 0),
        "engines": sum(stats.values()),
        "label": a.get("popular_threat_classification", {}).get("suggested_threat_label"),
        "first_seen": time.strftime("%Y-%m-%d", time.gmtime(a.get("first_submission_date", 0))),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?")
    ap.add_argument("--hash")
    ap.add_argument("--list")
    a = ap.parse_args()
    digests = [a.hash] if a.hash else [l.strip() for l in open(a.list) if l.strip()] if a.list else [sha256(a.file)]
    for i, d in enumerate(digests):
        if i:
            time.sleep(15)
        print(json.dumps(lookup(d)))


if __name__ == "__main__":
    main()
