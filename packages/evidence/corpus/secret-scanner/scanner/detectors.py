"""Detectors: (id, severity, compiled regex). Patterns follow the providers' documented formats."""
import math
import re

DETECTORS = [
    ("aws-access-key-id", "critical", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("aws-secret-access-key", "critical", re.compile(r"(?i)aws_?secret_?access_?key\s*[:=]\s*['\"]?([A-Za-z0-9/+=]{40})")),
    ("github-token", "high", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b")),
    ("github-fine-grained", "high", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{82}\b")),
    ("slack-token", "high", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,72}\b")),
    ("stripe-live-key", "critical", re.compile(r"\bsk_live_[A-Za-z0-9]{24,99}\b")),
    ("private-key", "critical", re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY(?: BLOCK)?-----")),
    ("postgres-url", "high", re.compile(r"postgres(?:ql)?://[^:\s]+:[^@\s]+@[^/\s]+")),
    ("google-api-key", "medium", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
]

ASSIGN = re.compile(r"(?i)\b(secret|token|passw(?:or)?d|api_?key)\b\s*[:=]\s*['\"]([^'\"\s]{16,})['\"]")


def entropy(s):
    counts = {c: s.count(c) for c in set(s)}
    return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())


def mask(v):
    return v if len(v) < 8 else f"{v[:4]}…{v[-4:]}"


def scan_text(text):
    for n, line in enumerate(text.splitlines(), 1):
        for det, sev, rx in DETECTORS:
            for m in rx.finditer(line):
                yield n, det, sev, mask(m.group(0))
        for m in ASSIGN.finditer(line):
            v = m.group(2)
            if entropy(v) >= 4.0 and not re.search(r"(?i)example|xxxx|changeme|your", v):
                yield n, "generic-high-entropy", "medium", mask(v)
