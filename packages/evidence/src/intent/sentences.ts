import type { CodeSpan } from './blocks.js';

/**
 * Sentence splitting over block text, linear and language-agnostic: `.`/`!`/`?` followed by
 * a space (not after a known abbreviation), CJK full stops, `;`, and blank lines. Code spans are
 * never split. Over-long sentences are cut at whitespace so every later step stays bounded.
 */

export interface Sentence {
  text: string;
  /** Offset in the block text. */
  start: number;
  /** Line offset from the block's first line. */
  lineOffset: number;
  lineCount: number;
  spans: CodeSpan[];
}

const MAX_SENTENCE = 600;
const ABBREV = new Set([
  'e.g',
  'i.e',
  'eg',
  'ie',
  'etc',
  'vs',
  'cf',
  'approx',
  'incl',
  'no',
  'nr',
  'dr',
  'mr',
  'mrs',
  'ms',
  'z.b',
  'b',
  'p.ex',
  'ex',
  'p',
  'ej',
  'd.h',
  'u.a',
  'bzw',
  'usw',
  'ca',
  'fig',
  'sec',
  'st',
  'ggf',
  'evtl',
  'vgl',
  'sr',
  'sra',
  'env',
]);

function isBoundary(text: string, i: number, lineMode: boolean): boolean {
  const c = text[i]!;
  const next = text[i + 1];
  if (c === '\u3002' || c === '\uff0e' || c === '\uff01' || c === '\uff1f') return true;
  if (c === '\n') {
    if (next === '\n') return true;
    if (lineMode) return true;
    // A list marker after a soft break starts a new statement.
    return next !== undefined && /[-*+•]/.test(next) && text[i + 2] === ' ';
  }
  if (next !== undefined && next !== ' ' && next !== '\n' && next !== '\t') return false;
  if (c === ';') return true;
  if (c === '!' || c === '?') return true;
  if (c !== '.') return false;
  // The word before the dot: abbreviations and single letters do not end sentences.
  let k = i - 1;
  while (k >= 0 && i - k <= 8 && /[\p{L}.]/u.test(text[k]!)) k--;
  const word = text
    .slice(k + 1, i)
    .toLowerCase()
    .replace(/^\.+/, '');
  if (ABBREV.has(word)) return false;
  if (/^\p{L}$/u.test(word)) return false;
  // Numbered list item ("1. ") at the start of a line.
  if (/^\d{1,3}$/.test(text.slice(Math.max(0, i - 3), i).trim()) && (i < 4 || /\n\s{0,3}\d{1,3}$/.test(text.slice(Math.max(0, i - 8), i)))) return false;
  return true;
}

/**
 * Splits `text`. `lineMode` treats every line break as a boundary (raw text, comments, code).
 */
export function splitSentences(text: string, spans: CodeSpan[], lineMode = false): Sentence[] {
  const out: Sentence[] = [];
  let spanIdx = 0;
  let spanPtr = 0;
  let start = 0;
  let lineAtStart = 0;
  let lines = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body.length > 0) {
      const s0 = start + lead;
      const own: CodeSpan[] = [];
      while (spanPtr < spans.length && spans[spanPtr]!.start < s0) spanPtr++;
      for (let k = spanPtr; k < spans.length && spans[k]!.start < s0 + body.length; k++) {
        const sp = spans[k]!;
        if (sp.end <= s0 + body.length) own.push({ ...sp, start: sp.start - s0, end: sp.end - s0 });
      }
      let lineOffset = lineAtStart;
      for (let k = start; k < s0; k++) if (text.charCodeAt(k) === 10) lineOffset++;
      let n = 0;
      for (let k = 0; k < body.length; k++) if (body.charCodeAt(k) === 10) n++;
      out.push({ text: body, start: s0, lineOffset, lineCount: n + 1, spans: own });
    }
    start = end;
    lineAtStart = lines;
  };
  for (let i = 0; i < text.length; i++) {
    while (spanIdx < spans.length && spans[spanIdx]!.end <= i) spanIdx++;
    const inSpan = spanIdx < spans.length && spans[spanIdx]!.start <= i && i < spans[spanIdx]!.end;
    if (text.charCodeAt(i) === 10) lines++;
    if (inSpan) continue;
    if (isBoundary(text, i, lineMode)) {
      push(i + 1);
      continue;
    }
    if (i - start >= MAX_SENTENCE && /\s/.test(text[i]!)) push(i + 1);
  }
  push(text.length);
  return out;
}
