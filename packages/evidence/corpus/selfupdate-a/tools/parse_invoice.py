#!/usr/bin/env python3
import argparse
import csv
import json
import re
import sys

FIELDS = ["number", "issue_date", "due_date", "supplier", "supplier_vat_id", "net", "vat", "gross", "currency"]
PATTERNS = {
    "number": r"(?:Invoice|Rechnung|Factura)\s*(?:No\.?|Nr\.?|#)\s*[:\-]?\s*([A-Z0-9\-/]+)",
    "issue_date": r"(?:Date|Datum|Fecha)\s*[:\-]?\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})",
    "due_date": r"(?:Due|Fällig|Vencimiento)\s*[:\-]?\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})",
    "supplier_vat_id": r"\b([A-Z]{2}\d{8,12})\b",
    "gross": r"(?:Total|Gesamt|Importe total)\s*[:\-]?\s*([\d.,]+)",
}


def text_of(path):
    if path.lower().endswith(".pdf"):
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)
    import pytesseract
    from PIL import Image

    return pytesseract.image_to_string(Image.open(path))


def parse(text):
    out = {f: None for f in FIELDS}
    for field, pat in PATTERNS.items():
        m = re.search(pat, text, re.I)
        if m:
            out[field] = m.group(1)
    first = next((l.strip() for l in text.splitlines() if l.strip()), None)
    out["supplier"] = first
    if "€" in text or "EUR" in text:
        out["currency"] = "EUR"
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--csv")
    args = ap.parse_args()
    rows = [dict(file=f, **parse(text_of(f))) for f in args.files]
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["file", *FIELDS])
            w.writeheader()
            w.writerows(rows)
    else:
        json.dump(rows, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
