import type { Lang } from '../classify.js';
import { blankRanges } from '../lex/lex.js';
import type { Lexed } from '../lex/lex.js';
import { fold } from '../text/fold.js';
import type { Folded } from '../text/fold.js';
import { LineIndex } from '../text/lines.js';
import type { Hit } from './hit.js';

export type CapName = 'shell' | 'env' | 'process' | 'filesystem' | 'wallet' | 'network';

export interface Evidence {
  file: string;
  line: number;
  what: string;
}

export interface UrlFact {
  url: string;
  host: string;
  file: string;
  line: number;
  /** Found in a script or config file (not in prose). */
  inCode: boolean;
}

/** Facts gathered across files, for skill-level rules and the manifest. */
export interface Facts {
  caps: Record<CapName, Evidence[]>;
  urls: UrlFact[];
  /** Outbound sends of data from code (POST/PUT, sockets, mail). */
  sends: Evidence[];
  /** Code that reads credential stores or wallet keys. */
  credentialReads: Evidence[];
  /** Code that sweeps the environment for secrets. */
  envHarvest: Evidence[];
  /** Prose that tells the agent to read credentials. */
  credentialInstructions: Evidence[];
  /** Prose that tells the agent to send data out. */
  sendInstructions: Evidence[];
}

export function newFacts(): Facts {
  return {
    caps: { shell: [], env: [], process: [], filesystem: [], wallet: [], network: [] },
    urls: [],
    sends: [],
    credentialReads: [],
    envHarvest: [],
    credentialInstructions: [],
    sendInstructions: [],
  };
}

/**
 * One piece of text to scan: a file, or text decoded from a blob inside a file. Views share
 * offsets with `text`, so a match in any view maps to the same line.
 */
export interface Unit {
  file: string;
  lang: Lang;
  /** Script (executable code) vs prose (Markdown, text) vs config. */
  role: 'code' | 'prose' | 'config';
  text: string;
  lines: LineIndex;
  lexed: Lexed | null;
  /** Comments and string contents only (code blanked), for prose rules over code files. */
  prose: string;
  /** Set for text decoded from a blob: the line in the file where the blob sits. */
  decodedFrom: { line: number; encoding: string } | null;
  /** Depth of blob decoding (0 for files). */
  depth: number;
  /** Lines before this unit in its file (fenced code blocks inside Markdown). */
  lineBase: number;
  /** Lazily folded views. */
  foldedProse?: Folded;
  foldedText?: Folded;
  /** Views and models that several rules share, computed once per unit (see `memo`). */
  memo: Map<string, unknown>;
}

export function makeUnit(
  file: string,
  lang: Lang,
  role: Unit['role'],
  text: string,
  lexed: Lexed | null,
  decodedFrom: Unit['decodedFrom'] = null,
  depth = 0,
  lineBase = 0,
): Unit {
  let prose = text;
  if (lexed) {
    // Keep comments and strings, blank the code between them.
    const keep = [...lexed.comments, ...lexed.strings].sort((a, b) => a.start - b.start);
    const gaps: Array<{ start: number; end: number }> = [];
    let pos = 0;
    for (const k of keep) {
      if (k.start > pos) gaps.push({ start: pos, end: k.start });
      pos = Math.max(pos, k.end);
    }
    if (pos < text.length) gaps.push({ start: pos, end: text.length });
    prose = blankRanges(text, gaps);
  }
  return { file, lang, role, text, lines: new LineIndex(text), lexed, prose, decodedFrom, depth, lineBase, memo: new Map() };
}

/** Python or JS/TS that the lexer parsed: code rules read it; instruction rules read everything else. */
export function isParsedCode(u: Unit): boolean {
  return u.lexed !== null && (u.lang === 'python' || u.lang === 'js');
}

/** A value computed once per unit and shared by the rules that need it (keyed by name). */
export function memo<T>(u: Unit, key: string, compute: () => T): T {
  if (u.memo.has(key)) return u.memo.get(key) as T;
  const v = compute();
  u.memo.set(key, v);
  return v;
}

export function foldedProse(u: Unit): Folded {
  if (!u.foldedProse) u.foldedProse = fold(u.prose);
  return u.foldedProse;
}

export function foldedText(u: Unit): Folded {
  if (!u.foldedText) u.foldedText = u.prose === u.text ? foldedProse(u) : fold(u.text);
  return u.foldedText;
}

/** Line for an offset in the unit (for decoded units: the line of the blob in its file). */
export function lineAt(u: Unit, offset: number): number {
  return u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(offset) + u.lineBase;
}

export function excerptAt(u: Unit, offset: number, length = 0): string {
  const ex = u.lines.excerptAt(offset, length);
  return u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${ex}` : ex;
}

export type HitExtra = Partial<Omit<Hit, 'ruleId' | 'file' | 'line'>>;

export function hitAt<Id extends string>(u: Unit, ruleId: Id, offset: number, length: number, extra: HitExtra = {}): Hit<Id> {
  return { ruleId, file: u.file, line: lineAt(u, offset), excerpt: excerptAt(u, offset, length), ...extra };
}

export function addCap(facts: Facts, cap: CapName, u: Unit, offset: number, what: string): void {
  const list = facts.caps[cap];
  if (list.length < 200) list.push({ file: u.file, line: lineAt(u, offset), what });
}

/**
 * Runs a global regex over a text and calls `fn` per match, skipping empty matches. Every regex
 * passed here must be linear (bounded quantifiers, no nested repetition).
 */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void, max = 200): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    fn(m);
    if (++n >= max) break;
  }
}

const WINDOW_MIN_TEXT = 8192;

/**
 * Like `eachMatch`, but on large texts runs the regex only in windows of ±2 lines around
 * occurrences of the needles (lower-case substrings every match must contain). Offsets passed to
 * `fn` are offsets in `text`. Patterns must not span more than two line breaks.
 */
export function eachMatchNear(
  re: RegExp,
  text: string,
  lower: string,
  needles: readonly string[],
  fn: (m: RegExpExecArray, offset: number) => void,
  max = 200,
): void {
  if (text.length < WINDOW_MIN_TEXT) {
    if (!needles.some((n) => lower.includes(n))) return;
    eachMatch(re, text, (m) => fn(m, m.index), max);
    return;
  }
  const windows: Array<[number, number]> = [];
  let covered = 0;
  for (const n of needles) {
    let i = lower.indexOf(n);
    let guard = 0;
    while (i >= 0 && guard++ < 5000) {
      if (covered > text.length / 2) {
        // Needles everywhere: one pass over the whole text is cheaper than many windows.
        eachMatch(re, text, (m) => fn(m, m.index), max);
        return;
      }
      let a = i;
      for (let k = 0; k < 3 && a > 0; k++) a = lower.lastIndexOf('\n', a - 1 - (k === 0 ? 0 : 0));
      a = a < 0 ? 0 : a;
      let b = i + n.length;
      for (let k = 0; k < 3 && b >= 0 && b < lower.length; k++) {
        const nb = lower.indexOf('\n', b + 1);
        b = nb < 0 ? lower.length : nb;
      }
      windows.push([a, Math.min(lower.length, b + 1)]);
      covered += Math.min(lower.length, b + 1) - a;
      i = lower.indexOf(n, Math.max(i + 1, b));
    }
  }
  if (windows.length === 0) return;
  windows.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  let n = 0;
  for (const [a, b] of merged) {
    const sub = text.slice(a, b);
    eachMatch(
      re,
      sub,
      (m) => {
        if (n++ < max) fn(m, a + m.index);
      },
      max,
    );
    if (n >= max) return;
  }
}
