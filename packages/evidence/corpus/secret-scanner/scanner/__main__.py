import argparse
import json
import os
import subprocess
import sys

from .detectors import scan_text

SKIP_DIRS = {".git", "node_modules", ".venv", "dist", "build"}


def walk(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS]
        for f in files:
            p = os.path.join(d, f)
            if os.path.getsize(p) < 2_000_000:
                yield p


def history(root, n):
    log = subprocess.run(["git", "-C", root, "log", f"-{n}", "-p", "--no-color", "--format=@@commit %H"], capture_output=True, text=True).stdout
    commit = None
    for line in log.splitlines():
        if line.startswith("@@commit "):
            commit = line.split()[1][:10]
        elif line.startswith("+") and not line.startswith("+++"):
            for _, det, sev, val in scan_text(line[1:]):
                yield f"commit:{commit}", 0, det, sev, val


def main():
    ap = argparse.ArgumentParser(prog="scanner")
    ap.add_argument("root")
    ap.add_argument("--history", type=int, default=0)
    ap.add_argument("--sarif")
    a = ap.parse_args()
    found = []
    for p in walk(a.root):
        try:
            text = open(p, encoding="utf-8", errors="ignore").read()
        except OSError:
            continue
        found += [(p, n, det, sev, val) for n, det, sev, val in scan_text(text)]
    if a.history:
        found += list(history(a.root, a.history))
    for f in sorted(found, key=lambda x: ["critical", "high", "medium"].index(x[3])):
        print(f"{f[3]:8} {f[2]:24} {f[0]}:{f[1]}  {f[4]}")
    if a.sarif:
        results = [{"ruleId": f[2], "level": "error" if f[3] == "critical" else "warning", "message": {"text": f"{f[2]} ({f[4]})"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": f[0]}, "region": {"startLine": max(1, f[1])}}}]} for f in found]
        json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "repo-secret-scanner"}}, "results": results}]}, open(a.sarif, "w"))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
