#!/usr/bin/env python3
"""把 cards.json（[{"front":..., "back":..., "tags": [...]}]）转换成 Anki 可导入的 CSV。"""
import csv
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
cards = json.load(open(src, encoding="utf-8"))
with open(dst, "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    for c in cards:
        w.writerow([c["front"], c["back"], " ".join(c.get("tags", []))])
print(f"已导出 {len(cards)} 张卡片到 {dst}")
