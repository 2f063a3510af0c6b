#!/usr/bin/env python3
import sys

from pypdf import PdfReader


def walk(reader, items, depth=0):
    for it in items:
        if isinstance(it, list):
            yield from walk(reader, it, depth + 1)
        else:
            yield depth, it.title, reader.get_destination_page_number(it) + 1


def guess(reader):
    for n, page in enumerate(reader.pages, 1):
        sizes = []

        def visitor(text, cm, tm, font, size):
            if text.strip():
                sizes.append((size * tm[0], text.strip()))

        page.extract_text(visitor_text=visitor)
        if sizes:
            biggest = max(s for s, _ in sizes)
            for s, t in sizes:
                if s >= biggest * 0.95 and len(t) < 90:
                    yield 0, t, n


def main():
    r = PdfReader(sys.argv[1])
    entries = list(walk(r, r.outline)) if r.outline else list(guess(r))
    print("| Section | Page |\n|---|---|")
    for depth, title, page in entries:
        print(f"| {'  ' * depth}{title} | {page} |")


if __name__ == "__main__":
    main()
