/**
 * Folding for pattern matching: removes invisible characters (so `ig\u200bnore` still reads as
 * `ignore`), maps common Cyrillic/Greek look-alikes and fullwidth forms to ASCII. Keeps an offset
 * map back to the original text when characters are removed.
 */

const CONFUSABLES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  ο: 'o',
  α: 'a',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ι: 'i',
  κ: 'k',
  ε: 'e',
  Ο: 'O',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
  Ζ: 'Z',
  Ι: 'I',
  ɡ: 'g',
  ı: 'i',
};

export interface Folded {
  text: string;
  /** For each index in `text`, the index in the original; null when nothing was removed. */
  map: Int32Array | null;
}

/** Quick test: does the text hold anything `fold` would change? */
const FOLDABLE = new RegExp(
  `[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u2000-\u200f\u202a-\u202f\u2060-\u2064\u2066-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uff01-\uff5e\uffa0${Object.keys(CONFUSABLES).join('')}]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]`,
  'u',
);

const INVISIBLE_G =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
const INVISIBLE_TEST = new RegExp(INVISIBLE_G.source, 'u');
/** One-to-one replacements (same UTF-16 length): look-alikes, fullwidth ASCII, exotic spaces. */
const ONE_TO_ONE = new RegExp(`[\\u00a0\\u2000-\\u200a\\u202f\\u3000\\uff01-\\uff5e${Object.keys(CONFUSABLES).join('')}]`, 'g');

function replaceOne(ch: string): string {
  const rep = CONFUSABLES[ch];
  if (rep !== undefined) return rep;
  const cp = ch.charCodeAt(0);
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  return ' ';
}

export function fold(text: string): Folded {
  if (!FOLDABLE.test(text)) return { text, map: null };
  let out = text;
  let map: Int32Array | null = null;
  if (INVISIBLE_TEST.test(text)) {
    // Remove invisible characters, remembering where each kept character came from.
    const m = new Int32Array(text.length);
    const parts: string[] = [];
    let o = 0;
    let last = 0;
    INVISIBLE_G.lastIndex = 0;
    let x: RegExpExecArray | null;
    while ((x = INVISIBLE_G.exec(text)) !== null) {
      parts.push(text.slice(last, x.index));
      for (let k = last; k < x.index; k++) m[o++] = k;
      last = x.index + x[0].length;
    }
    parts.push(text.slice(last));
    for (let k = last; k < text.length; k++) m[o++] = k;
    out = parts.join('');
    map = m.subarray(0, o);
  }
  out = out.replace(ONE_TO_ONE, replaceOne);
  return { text: out, map };
}

export function unfoldOffset(f: Folded, offset: number): number {
  if (!f.map) return offset;
  if (offset >= f.map.length) return f.map.length > 0 ? f.map[f.map.length - 1]! + 1 : 0;
  return f.map[offset]!;
}
