#!/usr/bin/env python3
import datetime as dt
import ipaddress
import pathlib
import socket
import subprocess
import sys

import yaml


def load_scope():
    scope = yaml.safe_load(open("scope.yaml"))
    for k in ("engagement", "contact", "window", "allowed"):
        if k not in scope:
            sys.exit(f"scope.yaml is missing {k!r}")
    return scope


def in_window(scope):
    now = dt.datetime.now(dt.timezone.utc)
    start = dt.datetime.fromisoformat(str(scope["window"]["start"]).replace("Z", "+00:00"))
    end = dt.datetime.fromisoformat(str(scope["window"]["end"]).replace("Z", "+00:00"))
    return start <= now <= end


def allowed(target, scope):
    try:
        addrs = {ipaddress.ip_address(socket.gethostbyname(target))}
    except OSError:
        return False
    nets = [ipaddress.ip_network(x, strict=False) for x in scope["allowed"] if "/" in x or x[0].isdigit()]
    names = {x for x in scope["allowed"] if not ("/" in x or x[0].isdigit())}
    excluded = {ipaddress.ip_address(socket.gethostbyname(x)) for x in scope.get("excluded", [])}
    if addrs & excluded:
        return False
    return target in names or any(a in n for a in addrs for n in nets)


def run(args, outdir, name):
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = ["nmap", "--max-rate", "200", "-oX", str(outdir / f"{name}.xml"), *args]
    print("+", " ".join(cmd))
    subprocess.run(cmd, check=True)


def main():
    scope = load_scope()
    if not in_window(scope):
        sys.exit("outside the engagement window in scope.yaml")
    outdir = pathlib.Path("recon") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    mode = sys.argv[1] if len(sys.argv) > 1 else "discover"
    targets = [t for t in scope["allowed"]]
    if mode == "tls":
        t = sys.argv[2]
        if not allowed(t, scope):
            sys.exit(f"{t} is not in scope")
        run(["--script", "ssl-enum-ciphers", "-p", "443", t], outdir, "tls")
    elif mode == "services":
        run(["-sV", "--top-ports", "1000", "--exclude", ",".join(scope.get("excluded", [])) or "0.0.0.0", *targets], outdir, "services")
    else:
        run(["-sn", "--exclude", ",".join(scope.get("excluded", [])) or "0.0.0.0", *targets], outdir, "discover")


if __name__ == "__main__":
    main()
