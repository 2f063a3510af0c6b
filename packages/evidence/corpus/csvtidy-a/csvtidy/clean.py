import csv
import io
from datetime import datetime


def sniff(path):
    raw = open(path, "rb").read(64 * 1024)
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            sample = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    return enc, dialect


def norm_number(v, decimal):
    s = v.replace("\u00a0", "").replace(" ", "")
    if decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    try:
        float(s)
        return s
    except ValueError:
        return v


def norm_date(v, fmt):
    if not fmt:
        return v
    try:
        return datetime.strptime(v, fmt).date().isoformat()
    except ValueError:
        return v


def clean_file(src, dst, settings, dedupe=None):
    enc, dialect = sniff(src)
    with open(src, encoding=enc, newline="") as f:
        rows = list(csv.reader(f, dialect))
    header, body = rows[0], rows[1:]
    header = [h.strip() for h in header]
    changed = set()
    seen = set()
    out = []
    key_idx = header.index(dedupe) if dedupe in header else None
    for row in body:
        new = []
        for i, cell in enumerate(row):
            c = norm_date(norm_number(cell.strip(), settings["decimal"]), settings["dates"])
            if c != cell and i < len(header):
                changed.add(header[i])
            new.append(c)
        if key_idx is not None:
            k = new[key_idx].lower()
            if k in seen:
                continue
            seen.add(k)
        out.append(new)
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(out)
    return {"rows_in": len(body), "rows_out": len(out), "changed": sorted(changed)}
