/**
 * Small, linear-time lexers that tell code from comments and strings for Python, JS/TS and shell.
 * They never throw: unterminated constructs run to the end of the file. Output views keep every
 * offset and newline of the input, so a match in a view maps back to the same line.
 */

export interface StringToken {
  start: number;
  end: number;
  /** Content without quotes and prefix (escapes left as written). */
  value: string;
  /** Python f-string or JS template literal with interpolation. */
  interpolated: boolean;
}

export interface Lexed {
  /** Comments and string contents blanked: for call/keyword rules. */
  code: string;
  /** Comments blanked, strings kept: for command and URL rules. */
  noComments: string;
  strings: StringToken[];
  comments: Array<{ start: number; end: number }>;
}

export type LexLang = 'python' | 'js' | 'shell' | 'powershell';

/** Replaces every character in the given ranges (sorted, non-overlapping) by a space, keeping line breaks. */
export function blankRanges(src: string, ranges: Array<{ start: number; end: number }>): string {
  if (ranges.length === 0) return src;
  const parts: string[] = [];
  let pos = 0;
  for (const r of ranges) {
    const a = Math.max(r.start, pos);
    if (r.end <= a) continue;
    parts.push(src.slice(pos, a));
    const nl = src.indexOf('\n', a);
    const cr = src.indexOf('\r', a);
    const plain = (nl < 0 || nl >= r.end) && (cr < 0 || cr >= r.end);
    parts.push(plain ? ' '.repeat(r.end - a) : src.slice(a, r.end).replace(/[^\n\r]/g, ' '));
    pos = r.end;
  }
  parts.push(src.slice(pos));
  return parts.join('');
}

function build(src: string, strings: StringToken[], comments: Array<{ start: number; end: number }>, keepQuotes: boolean): Lexed {
  const inner = strings.map((s) => (keepQuotes ? innerRange(src, s) : { start: s.start, end: s.end }));
  const all = [...comments, ...inner].sort((x, y) => x.start - y.start);
  return { code: blankRanges(src, all), noComments: blankRanges(src, comments), strings, comments };
}

function innerRange(src: string, s: StringToken): { start: number; end: number } {
  let a = s.start;
  while (a < s.end && /[A-Za-z]/.test(src[a]!)) a++; // string prefix (r, b, f…)
  let q = 0;
  while (a + q < s.end && (src[a + q] === '"' || src[a + q] === "'" || src[a + q] === '`') && q < 3) q++;
  const start = a + q;
  const end = Math.max(start, s.end - q);
  return { start, end };
}

export function lexPython(src: string): Lexed {
  const strings: StringToken[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const n = src.length;
  const INTERESTING = /[#"']/g;
  let i = 0;
  while (i < n) {
    INTERESTING.lastIndex = i;
    const hit = INTERESTING.exec(src);
    if (!hit) break;
    i = hit.index;
    const ch = src[i]!;
    if (ch === '#') {
      const end = src.indexOf('\n', i);
      const e = end < 0 ? n : end;
      comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // Prefix letters directly before the quote.
      let ps = i;
      while (ps > 0 && /[rRbBuUfF]/.test(src[ps - 1]!) && i - ps < 2) ps--;
      if (ps > 0 && /[A-Za-z0-9_]/.test(src[ps - 1]!)) ps = i; // part of an identifier, not a prefix
      const prefix = src.slice(ps, i).toLowerCase();
      const raw = prefix.includes('r');
      const triple = src.startsWith(ch.repeat(3), i);
      const q = triple ? ch.repeat(3) : ch;
      let j = i + q.length;
      const STOP = triple ? (ch === '"' ? /["\\]/g : /['\\]/g) : ch === '"' ? /["\\\n]/g : /['\\\n]/g;
      while (j < n) {
        STOP.lastIndex = j;
        const sm = STOP.exec(src);
        if (!sm) {
          j = n;
          break;
        }
        j = sm.index;
        const c = src[j]!;
        if (c === '\\') {
          j += 2;
          continue;
        }
        if (!triple && c === '\n') break; // unterminated single-line string
        if (src.startsWith(q, j)) break;
        j++;
      }
      const closed = j < n && src.startsWith(q, j);
      const end = closed ? j + q.length : Math.min(j, n);
      const value = src.slice(i + q.length, Math.min(j, n));
      strings.push({ start: ps, end, value, interpolated: prefix.includes('f') && /\{[^{}]/.test(value) });
      void raw;
      i = end;
      continue;
    }
    i++;
  }
  return build(src, strings, comments, true);
}

const REGEX_PREV = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

export function lexJs(src: string): Lexed {
  const strings: StringToken[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const n = src.length;
  // Template-literal nesting: each entry is the brace depth at which the `${` opened.
  const tmplStack: number[] = [];
  let braceDepth = 0;
  /** The end of the last token we consumed (string, comment, regex): look-back stops there. */
  let floor = 0;

  const readTemplate = (start: number): number => {
    // Reads from a backtick (or a `}` closing an interpolation) to the next `${` or closing backtick.
    let j = start;
    while (j < n) {
      const c = src[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') return j + 1;
      if (c === '$' && src[j + 1] === '{') {
        tmplStack.push(braceDepth);
        braceDepth++;
        return j + 2;
      }
      j++;
    }
    return n;
  };

  /** Can a `/` at `i` start a regex literal? Decided from the previous significant token. */
  const regexAllowed = (i: number): boolean => {
    let k = i - 1;
    while (k >= floor && (src[k] === ' ' || src[k] === '\t' || src[k] === '\n' || src[k] === '\r')) k--;
    if (k < floor) return floor === 0 || lastWasOpen;
    const c = src[k]!;
    if (/[A-Za-z0-9_$]/.test(c)) {
      let w = k;
      while (w > 0 && /[A-Za-z0-9_$]/.test(src[w - 1]!)) w--;
      return REGEX_KEYWORDS.has(src.slice(w, k + 1));
    }
    if (c === ')' || c === ']') return false;
    return REGEX_PREV.has(c);
  };
  let lastWasOpen = false;

  const INTERESTING = /[/"'`{}]/g;
  let i = 0;
  while (i < n) {
    INTERESTING.lastIndex = i;
    const hit = INTERESTING.exec(src);
    if (!hit) break;
    i = hit.index;
    const ch = src[i]!;
    if (ch === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      const e = end < 0 ? n : end;
      comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const e = end < 0 ? n : end + 2;
      comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && src[j] !== ch && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      const end = Math.min(n, j < n && src[j] === ch ? j + 1 : j);
      strings.push({ start: i, end, value: src.slice(i + 1, Math.max(i + 1, end - (src[end - 1] === ch ? 1 : 0))), interpolated: false });
      i = end;
      floor = end;
      lastWasOpen = false;
      continue;
    }
    if (ch === '`') {
      const end = readTemplate(i + 1);
      const interpolated = src[end - 1] === '{';
      strings.push({ start: i, end, value: src.slice(i + 1, interpolated ? end - 2 : end - 1), interpolated });
      i = end;
      floor = end;
      lastWasOpen = interpolated;
      continue;
    }
    if (ch === '}' && tmplStack.length > 0 && tmplStack[tmplStack.length - 1] === braceDepth - 1) {
      tmplStack.pop();
      braceDepth--;
      const end = readTemplate(i + 1);
      const interpolated = src[end - 1] === '{';
      strings.push({ start: i, end, value: src.slice(i + 1, interpolated ? end - 2 : end - 1), interpolated: true });
      i = end;
      floor = end;
      lastWasOpen = interpolated;
      continue;
    }
    if (ch === '/') {
      if (regexAllowed(i)) {
        let j = i + 1;
        let inClass = false;
        while (j < n && src[j] !== '\n') {
          const c = src[j]!;
          if (c === '\\') {
            j += 2;
            continue;
          }
          if (c === '[') inClass = true;
          else if (c === ']') inClass = false;
          else if (c === '/' && !inClass) break;
          j++;
        }
        if (j < n && src[j] === '/') {
          let e = j + 1;
          while (e < n && /[a-z]/i.test(src[e]!)) e++;
          strings.push({ start: i, end: e, value: src.slice(i + 1, j), interpolated: false });
          i = e;
          floor = e;
          lastWasOpen = false;
          continue;
        }
      }
      i++;
      continue;
    }
    if (ch === '{') braceDepth++;
    else if (ch === '}') braceDepth = Math.max(0, braceDepth - 1);
    i++;
  }
  return build(src, strings, comments, true);
}

/** Shell and PowerShell: `#` comments at a word start; quotes are kept (commands live in them). */
export function lexShell(src: string): Lexed {
  const strings: StringToken[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const ch = src[i]!;
    if (ch === '#' && (i === 0 || /[\s;&|(]/.test(src[i - 1]!)) && src[i - 1] !== '$') {
      const end = src.indexOf('\n', i);
      const e = end < 0 ? n : end;
      comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n && src[j] !== ch) j += ch === '"' && src[j] === '\\' ? 2 : 1;
      const end = Math.min(n, j + 1);
      strings.push({ start: i, end, value: src.slice(i + 1, Math.min(j, n)), interpolated: ch === '"' && src.slice(i, end).includes('$') });
      i = end;
      continue;
    }
    i++;
  }
  return build(src, strings, comments, true);
}

export function lex(lang: LexLang, src: string): Lexed {
  if (lang === 'python') return lexPython(src);
  if (lang === 'js') return lexJs(src);
  return lexShell(src);
}
