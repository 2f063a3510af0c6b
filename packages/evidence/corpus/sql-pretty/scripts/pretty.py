#!/usr/bin/env python3
import sys

import sqlparse

src = sys.argv[1] if len(sys.argv) > 1 else "-"
text = sys.stdin.read() if src == "-" else open(src, encoding="utf-8").read()
print(sqlparse.format(text, reindent=True, keyword_case="upper", identifier_case="lower", indent_width=2, comma_first=False))
