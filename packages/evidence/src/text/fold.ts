/**
 * Folding for pattern matching: removes invisible characters (so `ig\u200bnore` still reads as
 * `ignore`), maps common Cyrillic/Greek look-alikes and fullwidth forms to ASCII. Keeps an offset
 * map back to the original text when characters are removed.
 */

const CONFUSABLES: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  ο: 'o', α: 'a', ν: 'v', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', ε: 'e', Ο: 'O', Α: 'A', Β: 'B', Ε: 'E', Κ: 'K',
  Μ: 'M', Ν: 'N', Ρ: 'P', Τ: 'T', Χ: 'X', Ζ: 'Z', Ι: 'I', ɡ: 'g', ı: 'i',
};

export interface Folded {
  text: string;
  /** For each index in `text`, the index in the original; null when nothing was removed. */
  map: Int32Array | null;
}

function isInvisible(cp: number): boolean {
  return (
    cp === 0xad || cp === 0x34f || cp === 0x61c || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180e) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) || cp === 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff || cp === 0xffa0 || (cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** Quick test: does the text hold anything `fold` would change? */
const FOLDABLE = new RegExp(
  `[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u2000-\u200f\u202a-\u202f\u2060-\u2064\u2066-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uff01-\uff5e\uffa0${Object.keys(CONFUSABLES).join('')}]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]`,
  'u',
);

export function fold(text: string): Folded {
  if (!FOLDABLE.test(text)) return { text, map: null };
  const parts: string[] = [];
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const len = cp > 0xffff ? 2 : 1;
    if (cp < 0xa0) {
      parts.push(ch);
      map.push(i);
      i += len;
      continue;
    }
    if (isInvisible(cp)) {
      i += len;
      continue;
    }
    let rep = CONFUSABLES[ch];
    if (rep === undefined && cp >= 0xff01 && cp <= 0xff5e) rep = String.fromCharCode(cp - 0xfee0);
    if (rep === undefined && (cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x00a0 || cp === 0x202f)) rep = ' ';
    const piece = rep ?? ch;
    for (let k = 0; k < piece.length; k++) map.push(i);
    parts.push(piece);
    i += len;
  }
  return { text: parts.join(''), map: Int32Array.from(map) };
}

export function unfoldOffset(f: Folded, offset: number): number {
  if (!f.map) return offset;
  if (offset >= f.map.length) return f.map.length > 0 ? f.map[f.map.length - 1]! + 1 : 0;
  return f.map[offset]!;
}
