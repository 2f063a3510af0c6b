import { unitRule } from './rule.js';
import type { HitSink } from './rule.js';
import { hitAt } from './unit.js';
import type { Unit } from './unit.js';

const TAG_START = 0xe0000;
const TAG_END = 0xe007f;

function isEmojiBase(cp: number): boolean {
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    cp === 0x00a9 ||
    cp === 0x00ae ||
    (cp >= 0x2100 && cp <= 0x21ff) ||
    (cp >= 0x1f1e6 && cp <= 0x1f1ff) ||
    cp === 0x20e3 ||
    (cp >= 0x30 && cp <= 0x39) ||
    cp === 0x23 ||
    cp === 0x2a
  );
}

/** Scripts where ZWNJ/ZWJ are ordinary orthography (Arabic, Persian, Indic, Sinhala, Mongolian…). */
function isJoiningScript(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0x0900 && cp <= 0x0dff) || (cp >= 0x1800 && cp <= 0x18af) || (cp >= 0xa8e0 && cp <= 0xa8ff);
}

const ZERO_WIDTH = new Set([
  0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e, 0x115f, 0x1160, 0x3164, 0xffa0, 0x034f, 0x17b4, 0x17b5,
]);
const BIDI_OVERRIDE = new Set([0x202d, 0x202e]);
const BIDI_OTHER = new Set([0x202a, 0x202b, 0x202c, 0x2066, 0x2067, 0x2068, 0x2069]);

const SPECIAL = /[\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u202a-\u202e\u2060-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udfff]/g;

function codePointBefore(text: string, i: number): number {
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return text.codePointAt(i - 2)!;
  }
  return lo;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '·');
}

/** Decodes a run of zero-width characters as bits (the two most common symbols are 0 and 1). */
function decodeZeroWidthBits(cps: number[]): string | null {
  const counts = new Map<number, number>();
  for (const c of cps) counts.set(c, (counts.get(c) ?? 0) + 1);
  const symbols = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((e) => e[0]);
  if (symbols.length < 2) return null;
  const [a, b] = [Math.min(symbols[0]!, symbols[1]!), Math.max(symbols[0]!, symbols[1]!)];
  const bits = cps.filter((c) => c === a || c === b).map((c) => (c === a ? 0 : 1));
  let out = '';
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    let v = 0;
    for (let k = 0; k < 8; k++) v = (v << 1) | bits[i + k]!;
    out += String.fromCharCode(v);
  }
  const ok = out.length > 0 && [...out].filter((ch) => /[\x20-\x7e]/.test(ch)).length / out.length > 0.9;
  return ok ? out : null;
}

/** Decodes variation-selector smuggling (one byte per selector) as UTF-8. */
function decodeVariationSelectors(cps: number[]): string | null {
  const bytes = cps.map((c) => (c >= 0xfe00 && c <= 0xfe0f ? c - 0xfe00 : c - 0xe0100 + 16));
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    return s.length > 0 ? s : null;
  } catch {
    return null;
  }
}

/**
 * Hidden Unicode: tag characters (decoded and shown), bidi controls, zero-width runs (decoded
 * when they encode bits) and variation-selector smuggling. Emoji ZWJ sequences, VS16 after emoji
 * and ZWNJ/ZWJ inside joining scripts are ordinary text and are not reported.
 */
export function scanUnicode(u: Unit, out: HitSink<UnicodeRuleId>): void {
  const text = u.text;
  // Fast exit: nothing outside the BMP's ordinary ranges that we care about.
  if (!/[\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u202a-\u202e\u2060-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0\udb40]/.test(text)) return;
  let zwCount = 0;
  let zwFirst = -1;
  let bidiReported = 0;
  SPECIAL.lastIndex = 0;
  const first = SPECIAL.exec(text);
  if (!first) return;
  let i = first.index;
  let prevCp = i > 0 ? codePointBefore(text, i) : 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    // Unicode tag run.
    if (cp >= TAG_START && cp <= TAG_END) {
      const start = i;
      let decoded = '';
      let j = i;
      let n = 0;
      while (j < text.length) {
        const c = text.codePointAt(j)!;
        if (c < TAG_START || c > TAG_END) break;
        if (c >= 0xe0020 && c <= 0xe007e) decoded += String.fromCharCode(c - TAG_START);
        j += 2;
        n++;
      }
      out.push(
        hitAt(u, 'UNICODE_TAG_CHARACTERS', start, j - start, {
          detail: `${n} tag characters decode to: "${printable(decoded).slice(0, 300)}"`,
        }),
      );
      i = j;
      prevCp = 0;
      continue;
    }
    // Variation-selector runs (not a single VS after an emoji).
    if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) {
      const start = i;
      const cps: number[] = [];
      let j = i;
      while (j < text.length) {
        const c = text.codePointAt(j)!;
        if (!((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef))) break;
        cps.push(c);
        j += c > 0xffff ? 2 : 1;
      }
      const ordinarySingle = cps.length === 1 && (cps[0] === 0xfe0f || cps[0] === 0xfe0e) && isEmojiBase(prevCp);
      if (cps.length >= 4 || (cps.length >= 2 && cps.some((c) => c >= 0xe0100))) {
        const decoded = decodeVariationSelectors(cps);
        out.push(
          hitAt(u, 'UNICODE_INVISIBLE_PAYLOAD', start, j - start, {
            detail: `${cps.length} variation selectors${decoded ? ` decode to: "${printable(decoded).slice(0, 300)}"` : ''}`,
          }),
        );
      } else if (!ordinarySingle && !(cps.length === 1 && cps[0] !== undefined && cps[0] <= 0xfe0f && prevCp > 0x7f)) {
        zwCount += cps.length;
        if (zwFirst < 0) zwFirst = start;
      }
      i = j;
      continue;
    }
    if (BIDI_OVERRIDE.has(cp) || BIDI_OTHER.has(cp)) {
      if (bidiReported < 20) {
        const override = BIDI_OVERRIDE.has(cp);
        const inCode = u.role === 'code';
        out.push(
          hitAt(u, 'UNICODE_BIDI_CONTROL', i, 1, {
            severity: inCode ? 'CRITICAL' : override ? 'HIGH' : 'MEDIUM',
            blocking: inCode || override,
            detail: `U+${cp.toString(16).toUpperCase()} ${override ? '(override)' : '(embedding/isolate)'}`,
          }),
        );
        bidiReported++;
      }
      i += len;
      prevCp = cp;
      continue;
    }
    if (ZERO_WIDTH.has(cp)) {
      const start = i;
      const cps: number[] = [];
      let j = i;
      while (j < text.length) {
        const c = text.codePointAt(j)!;
        if (!ZERO_WIDTH.has(c)) break;
        cps.push(c);
        j += c > 0xffff ? 2 : 1;
      }
      const next = j < text.length ? text.codePointAt(j)! : 0;
      const legit =
        (start === 0 && cps.length === 1 && cps[0] === 0xfeff) ||
        (cps.length <= 2 &&
          cps.every((c) => c === 0x200d || c === 0x200c) &&
          (isEmojiBase(prevCp) || isEmojiBase(next) || isJoiningScript(prevCp) || isJoiningScript(next))) ||
        (cps.length === 1 && cps[0] === 0x200d && prevCp >= 0xfe00 && prevCp <= 0xfe0f);
      if (cps.length >= 8) {
        const decoded = decodeZeroWidthBits(cps);
        out.push(
          hitAt(u, 'UNICODE_INVISIBLE_PAYLOAD', start, j - start, {
            detail: `${cps.length} consecutive zero-width characters${decoded ? ` decode to: "${printable(decoded).slice(0, 300)}"` : ''}`,
          }),
        );
      } else if (!legit) {
        zwCount += cps.length;
        if (zwFirst < 0) zwFirst = start;
      }
      i = j;
      prevCp = cps[cps.length - 1] ?? prevCp;
      continue;
    }
    // Ordinary character: jump to the next character of interest.
    SPECIAL.lastIndex = i + len;
    const nx = SPECIAL.exec(text);
    if (!nx) break;
    i = nx.index;
    prevCp = i > 0 ? codePointBefore(text, i) : 0;
  }
  if (zwCount > 0) {
    out.push(
      hitAt(u, 'UNICODE_ZERO_WIDTH', zwFirst, 1, {
        detail: `${zwCount} invisible character(s) in this file outside emoji and joining-script sequences`,
        severity: zwCount >= 20 ? 'HIGH' : 'MEDIUM',
      }),
    );
  }
}

type UnicodeRuleId = 'UNICODE_TAG_CHARACTERS' | 'UNICODE_BIDI_CONTROL' | 'UNICODE_INVISIBLE_PAYLOAD' | 'UNICODE_ZERO_WIDTH';

/** Hidden Unicode in files as submitted (decoded blobs are not rescanned for it). */
export const HIDDEN_UNICODE = unitRule({
  name: 'hidden-unicode',
  decoded: false,
  meta: [
    {
      id: 'UNICODE_TAG_CHARACTERS',
      title: 'Hidden Unicode tag characters',
      category: 'hidden-unicode',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'Unicode tag characters are invisible to people but readable by models: a classic way to smuggle instructions.',
      remediation: 'Remove the invisible characters.',
    },
    {
      id: 'UNICODE_BIDI_CONTROL',
      title: 'Bidirectional control characters',
      category: 'hidden-unicode',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: true,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'Bidi overrides reorder how text is displayed (Trojan Source), so what a reviewer sees differs from what runs or what the model reads.',
      remediation: 'Remove bidi override/embedding/isolate characters.',
    },
    {
      id: 'UNICODE_INVISIBLE_PAYLOAD',
      title: 'Run of invisible characters encoding hidden data',
      category: 'hidden-unicode',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'Long runs of zero-width characters or variation selectors can encode hidden text (steganography) that models decode.',
      remediation: 'Remove the invisible characters.',
    },
    {
      id: 'UNICODE_ZERO_WIDTH',
      title: 'Zero-width or invisible characters',
      category: 'hidden-unicode',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Invisible characters can split keywords to evade filters or hide content from reviewers.',
      remediation: 'Remove zero-width and invisible characters outside emoji sequences.',
    },
  ],
  run(u, ctx) {
    scanUnicode(u, ctx.hits);
  },
});
