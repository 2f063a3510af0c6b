import sys

from .engine import check_file


def main():
    if len(sys.argv) < 3 or sys.argv[1] != "check":
        sys.exit("usage: python3 -m spell check FILE [--lang en|de|es]")
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    for line, col, word, sugg in check_file(sys.argv[2], lang):
        print(f"{line}:{col}  {word} → {sugg}")


main()
