import argparse
import sys

from .config import load_settings
from .clean import clean_file


def main(argv=None):
    ap = argparse.ArgumentParser(prog="csvtidy")
    ap.add_argument("input")
    ap.add_argument("-o", "--output")
    ap.add_argument("--dates")
    ap.add_argument("--dedupe")
    ap.add_argument("--chunk", type=int, default=0)
    args = ap.parse_args(argv)
    settings = load_settings()
    if args.dates:
        settings["dates"] = args.dates
    out = args.output or args.input.replace(".csv", ".clean.csv")
    summary = clean_file(args.input, out, settings, dedupe=args.dedupe)
    print(f"rows in: {summary['rows_in']}  rows out: {summary['rows_out']}  columns changed: {', '.join(summary['changed']) or 'none'}")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
