#!/usr/bin/env python3
import base64
import pathlib
import re
import sys

PHRASES = [p.strip().lower() for p in (pathlib.Path(__file__).parent / "phrases.txt").read_text().splitlines() if p.strip()]
ADDRESSED = re.compile(r"(?i)\b(dear|attention|note to|hey)\s+(ai|assistant|agent|llm|chatbot|model)\b")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
TAGS = re.compile("[\U000e0000-\U000e007f]")
B64 = re.compile(r"[A-Za-z0-9+/]{60,}={0,2}")


def screen(text):
    hits = []
    low = text.lower()
    for p in PHRASES:
        i = low.find(p)
        if i >= 0:
            hits.append(("phrase", 3, text[max(0, i - 30): i + len(p) + 30].replace("\n", " ")))
    for m in ADDRESSED.finditer(text):
        hits.append(("addressed-to-ai", 2, m.group(0)))
    if ZERO_WIDTH.search(text):
        hits.append(("zero-width", 2, f"{len(ZERO_WIDTH.findall(text))} zero-width characters"))
    if TAGS.search(text):
        hits.append(("unicode-tags", 4, "hidden Unicode tag characters"))
    for m in B64.finditer(text):
        try:
            dec = base64.b64decode(m.group(0)).decode("utf-8")
            if any(p in dec.lower() for p in PHRASES):
                hits.append(("encoded-phrase", 4, dec[:80]))
        except Exception:
            pass
    return sum(h[1] for h in hits), hits


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "-"
    text = sys.stdin.read() if src == "-" else open(src, encoding="utf-8", errors="replace").read()
    score, hits = screen(text)
    level = "high" if score >= 6 else "medium" if score >= 3 else "low"
    print(f"injection risk: {level} (score {score})")
    for kind, w, excerpt in hits:
        print(f"  [{kind}] {excerpt}")


if __name__ == "__main__":
    main()
