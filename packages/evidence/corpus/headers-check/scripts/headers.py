#!/usr/bin/env python3
import sys
import urllib.error
import urllib.parse
import urllib.request

CHECKS = {
    "strict-transport-security": lambda v: "max-age=" in v and int(v.split("max-age=")[1].split(";")[0]) >= 15552000,
    "content-security-policy": lambda v: "default-src" in v and "'unsafe-inline'" not in v,
    "x-frame-options": lambda v: v.upper() in ("DENY", "SAMEORIGIN"),
    "x-content-type-options": lambda v: v.lower() == "nosniff",
    "referrer-policy": lambda v: v.lower() in ("no-referrer", "strict-origin-when-cross-origin", "same-origin"),
    "permissions-policy": lambda v: bool(v),
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def main():
    url = sys.argv[1]
    u = urllib.parse.urlparse(url)
    with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 headers-check"}), timeout=15) as r:
        h = {k.lower(): v for k, v in r.headers.items()}
        cookies = r.headers.get_all("Set-Cookie") or []
    for name, ok in CHECKS.items():
        v = h.get(name)
        print(f"{'missing' if v is None else 'strong ' if ok(v) else 'weak   '}  {name}: {v or ''}")
    for c in cookies:
        flags = c.lower()
        print(f"cookie {c.split('=')[0]}: secure={'secure' in flags} httponly={'httponly' in flags} samesite={'samesite' in flags}")
    try:
        urllib.request.build_opener(NoRedirect).open(f"http://{u.netloc}{u.path or '/'}", timeout=10)
        print("http: served without redirect to https")
    except urllib.error.HTTPError as e:
        loc = e.headers.get("Location", "")
        print(f"http: {e.code} -> {loc} {'(ok)' if loc.startswith('https://') else '(not https)'}")


if __name__ == "__main__":
    main()
