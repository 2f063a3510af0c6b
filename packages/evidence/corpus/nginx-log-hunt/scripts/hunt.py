#!/usr/bin/env python3
import argparse
import collections
import gzip
import json
import re
import urllib.parse

SIGNATURES = {
    "sqli": re.compile(r"(?i)(union(\s|/\*.*?\*/)+select|'\s*or\s+'?1'?\s*=\s*'?1|sleep\(\d+\)|benchmark\(|information_schema)"),
    "traversal": re.compile(r"(\.\./|\.\.\\){2,}|/etc/passwd|/proc/self/environ|boot\.ini"),
    "cmd-injection": re.compile(r"(;|\||`|\$\()\s*(id|whoami|uname|cat\s+/etc|curl\s+http|wget\s+http|bash\s+-c)"),
    "xss": re.compile(r"(?i)<script|onerror\s*=|javascript:"),
    "scanner": re.compile(r"(?i)(sqlmap|nikto|nuclei|masscan|zgrab|wpscan)"),
    "sensitive-files": re.compile(r"(?i)/(\.env|\.git/config|wp-config\.php\.bak|id_rsa|\.aws/credentials)"),
}
LINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "([^"]*)" (\d{3}) \S+ "[^"]*" "([^"]*)"')


def lines(paths):
    for p in paths:
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rt", errors="replace") as f:
            yield from f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("logs", nargs="+")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    by_class, by_ip, by_ua, success = collections.Counter(), collections.Counter(), collections.Counter(), []
    for line in lines(a.logs):
        m = LINE.match(line)
        if not m:
            continue
        ip, ts, req, status, ua = m.groups()
        decoded = urllib.parse.unquote_plus(req)
        for name, rx in SIGNATURES.items():
            if rx.search(decoded) or (name == "scanner" and rx.search(ua)):
                by_class[name] += 1
                by_ip[ip] += 1
                by_ua[ua[:60]] += 1
                if status.startswith(("2", "3")) and name != "scanner":
                    success.append((ts, ip, status, decoded[:160]))
    report = {"classes": by_class.most_common(), "ips": by_ip.most_common(20), "agents": by_ua.most_common(10), "succeeded": success[:50]}
    if a.json:
        print(json.dumps(report, indent=2))
        return
    for k, v in report["classes"]:
        print(f"{v:7d}  {k}")
    print("\ntop sources:")
    for ip, n in report["ips"]:
        print(f"{n:7d}  {ip}")
    if success:
        print("\n!! attack requests with a success status:")
        for s in success[:50]:
            print("  ", *s)


if __name__ == "__main__":
    main()
