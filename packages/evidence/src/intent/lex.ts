import { fold } from '../text/fold.js';

/**
 * Matching form of text and lexicon entries. Text is folded first (look-alikes, invisible
 * characters: `text/fold.ts`); here it is lower-cased and Latin diacritics are stripped, so
 * `envía` and `envia`, `übermittle` and `ubermittle` meet. Folding maps some Cyrillic letters
 * to Latin ones (о→o, р→p), so a Russian lexicon entry is compiled to accept both spellings.
 */
export function norm(s: string): string {
  return s.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC').replace(APOSTROPHES, "'").toLowerCase();
}
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc]/g;

const LETTER = /[\p{L}\p{N}]/u;
/**
 * Letters of the scripts written with spaces (Latin, Greek, Cyrillic), lower case plus digits.
 * Explicit ranges instead of `\p{L}`: with a Unicode property in every alternative V8 runs
 * big alternations 50–100× slower on two-byte (non-Latin) text.
 */
export const WORD = 'a-z0-9_\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u052f';
export const NOT_AFTER_WORD = `(?<![${WORD}])`;
export const NOT_BEFORE_WORD = `(?![${WORD}])`;
const SPECIAL = /[.*+?^${}()|[\]\\/]/;
const CLASS_SPECIAL = /[\]\\^-]/;

/** One character of an entry as a class accepting its folded forms (both cases). */
function charClass(c: string): string {
  const alts = new Set<string>([c]);
  for (const v of [c, c.toUpperCase()]) alts.add(norm(fold(v).text));
  const list = [...alts].filter((a) => a.length === 1);
  if (list.length === 1) return SPECIAL.test(list[0]!) ? `\\${list[0]}` : list[0]!;
  return `[${list.map((a) => (CLASS_SPECIAL.test(a) ? `\\${a}` : a)).join('')}]`;
}

/**
 * A hand-written regex over the matching form: each non-ASCII letter outside a character class
 * becomes a class of its folded spellings (Russian `не` matches the folded `нe`). Flags gain `u`.
 */
export function foldRe(re: RegExp): RegExp {
  let out = '';
  let inClass = false;
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      out += ch + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += !inClass && ch.charCodeAt(0) > 127 && /\p{L}/u.test(ch) ? charClass(norm(ch)) : ch;
  }
  return new RegExp(out, re.flags.includes('u') ? re.flags : `${re.flags}u`);
}

/**
 * Compiles lexicon entries into one linear regex. Entry syntax: a trailing `*` is a stem
 * (up to 14 more letters), a space matches 1–3 whitespace characters, everything else is
 * literal. Entries that start or end with a letter get letter boundaries on that side, except
 * in scripts written without spaces (CJK), which match anywhere.
 */
export function compile(entries: readonly string[]): RegExp {
  // Entries are grouped by their boundaries so each Unicode class appears a handful of times,
  // not once per entry: V8 compiles that to small, fast code even on two-byte (non-Latin) text.
  const groups = new Map<string, string[]>();
  const sorted = [...new Set(entries.map((e) => e.trim()).filter((e) => e.length > 0))].sort((a, b) => b.length - a.length);
  for (const raw of sorted) {
    if (raw.slice(0, -1).includes('*')) throw new Error(`lexicon entry "${raw}": a stem mark is only allowed at the end`);
    const stem = raw.endsWith('*');
    const body = norm(stem ? raw.slice(0, -1) : raw);
    const spaceless = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(body);
    let out = '';
    for (const ch of body) out += ch === ' ' ? '[ \\t\\n]{1,3}' : charClass(ch);
    const pre = !spaceless && LETTER.test(body[0] ?? '') ? 'b' : '-';
    const post = stem ? 's' : !spaceless && LETTER.test(body[body.length - 1] ?? '') ? 'b' : '-';
    const key = pre + post;
    const list = groups.get(key);
    if (list) list.push(out);
    else groups.set(key, [out]);
  }
  const parts: string[] = [];
  // Stems first, so "sending" is read whole rather than as a shorter word.
  for (const key of ['bs', '-s', 'bb', '-b', 'b-', '--']) {
    const list = groups.get(key);
    if (!list) continue;
    const pre = key[0] === 'b' ? NOT_AFTER_WORD : '';
    const post = key[1] === 's' ? `[${WORD}\\u0300-\\u036f]{0,14}` : key[1] === 'b' ? NOT_BEFORE_WORD : '';
    parts.push(`${pre}(?:${list.join('|')})${post}`);
  }
  return new RegExp(parts.length > 0 ? parts.join('|') : '(?!)', 'gu');
}

export interface LexHit {
  index: number;
  text: string;
}

/** A meaning class: a compiled lexicon that finds its words in normalised text. */
export class Lexicon {
  private readonly re: RegExp;
  private readonly sticky: RegExp;
  constructor(
    readonly name: string,
    entries: readonly string[],
  ) {
    this.re = compile(entries);
    this.sticky = new RegExp(this.re.source, 'uy');
  }

  /** The hit that starts exactly at `pos`, if any. */
  at(s: string, pos: number): LexHit | null {
    this.sticky.lastIndex = pos;
    const m = this.sticky.exec(s);
    return m && m[0].length > 0 ? { index: pos, text: m[0] } : null;
  }

  /** All hits in normalised text (at most `max`). */
  find(s: string, max = 16): LexHit[] {
    const out: LexHit[] = [];
    this.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = this.re.exec(s)) !== null && out.length < max) {
      if (m[0].length === 0) {
        this.re.lastIndex++;
        continue;
      }
      out.push({ index: m.index, text: m[0] });
    }
    return out;
  }

  first(s: string): LexHit | null {
    this.re.lastIndex = 0;
    const m = this.re.exec(s);
    return m ? { index: m.index, text: m[0] } : null;
  }

  test(s: string): boolean {
    return this.first(s) !== null;
  }

  /** The first hit that starts at `from` or later and ends at or before `to`. */
  within(s: string, from: number, to: number): LexHit | null {
    this.re.lastIndex = Math.max(0, from);
    let m: RegExpExecArray | null;
    while ((m = this.re.exec(s)) !== null) {
      if (m.index >= to) return null;
      if (m[0].length === 0) {
        this.re.lastIndex++;
        continue;
      }
      if (m.index + m[0].length <= to) return { index: m.index, text: m[0] };
    }
    return null;
  }
}

/**
 * Builds a lexicon from per-language entries, each language one `|`-separated string (the keys
 * are documentation only).
 */
export function lexicon(name: string, byLanguage: Record<string, string>): Lexicon {
  return new Lexicon(
    name,
    Object.values(byLanguage).flatMap((v) => v.split('|')),
  );
}
