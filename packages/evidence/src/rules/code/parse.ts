/**
 * Structure of Python and JS/TS code read from the lexer's `code` view (comments and strings
 * blanked): assignments, function blocks, bracket matching. Linear scans with bounded regexes.
 */
import { eachMatch } from '../unit.js';

/** Index of the parenthesis that closes the one at `open`, searching at most `max` characters. */
export function matchParen(code: string, open: number, max = 4000): number {
  let depth = 0;
  const end = Math.min(code.length, open + max);
  for (let i = open; i < end; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export interface Assign {
  name: string;
  rhsStart: number;
  rhsEnd: number;
  line: number;
}

export interface Block {
  name: string;
  start: number;
  end: number;
  params: string[];
}

export function pyAssignments(code: string): Assign[] {
  const out: Assign[] = [];
  const re = /^[ \t]{0,40}((?:self\.)?[A-Za-z_][\w]{0,60}(?:\s{0,2},\s{0,2}[A-Za-z_]\w{0,60}){0,4})\s{0,2}(?::[^=\n]{1,60})?=(?!=)\s{0,4}([^\n]{1,2000})$/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const rhsStart = m.index + m[0].length - m[2]!.length;
      // Follow bracketed continuation lines.
      let rhsEnd = m.index + m[0].length;
      const open = code.slice(rhsStart, rhsEnd).search(/[([{]/);
      if (open >= 0) {
        const close = matchParen(code, rhsStart + open);
        if (close > rhsEnd) rhsEnd = close + 1;
      }
      for (const name of m[1]!.split(',')) out.push({ name: name.trim(), rhsStart, rhsEnd, line: 0 });
    },
    5000,
  );
  return out;
}

export function jsAssignments(code: string): Assign[] {
  const out: Assign[] = [];
  const re =
    /(?:\b(?:const|let|var)\s{1,4}|^[ \t]{0,40}|[;{]\s{0,4})([A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,3})\s{0,3}(?::\s{0,3}[\w<>[\]|. ]{1,60})?=(?![=>])\s{0,4}/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const rhsStart = m.index + m[0].length;
      let rhsEnd = code.indexOf('\n', rhsStart);
      if (rhsEnd < 0) rhsEnd = code.length;
      const semi = code.indexOf(';', rhsStart);
      const lineText = code.slice(rhsStart, rhsEnd);
      const open = lineText.search(/[([{]/);
      if (open >= 0) {
        const close = matchParen(code, rhsStart + open);
        if (close > rhsEnd) rhsEnd = close + 1;
      }
      if (semi >= 0 && semi < rhsEnd && code.slice(rhsStart, semi).search(/[([{]/) < 0) rhsEnd = semi;
      out.push({ name: m[1]!, rhsStart, rhsEnd, line: 0 });
    },
    5000,
  );
  return out;
}

/** Python `def` blocks by indentation. */
export function pyFunctions(code: string): Block[] {
  const out: Block[] = [];
  const re = /^([ \t]{0,40})(?:async\s{1,3})?def\s{1,3}([A-Za-z_]\w{0,80})\s{0,3}\(/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const indent = m[1]!.length;
      const open = m.index + m[0].length - 1;
      const close = matchParen(code, open);
      const params =
        close > 0
          ? code
              .slice(open + 1, close)
              .split(',')
              .map((p) =>
                p
                  .replace(/[:=][\s\S]*$/, '')
                  .replace(/^\*{1,2}/, '')
                  .trim(),
              )
              .filter((p) => p && p !== 'self' && p !== 'cls')
          : [];
      let end = code.length;
      let pos = code.indexOf('\n', close > 0 ? close : open);
      while (pos >= 0 && pos < code.length) {
        const next = code.indexOf('\n', pos + 1);
        const line = code.slice(pos + 1, next < 0 ? code.length : next);
        if (line.trim().length > 0) {
          const ind = /^[ \t]*/.exec(line)![0].length;
          if (ind <= indent) {
            end = pos + 1;
            break;
          }
        }
        if (next < 0) break;
        pos = next;
      }
      out.push({ name: m[2]!, start: m.index, end, params });
    },
    2000,
  );
  return out;
}

/** JS/TS function bodies by braces: declarations, methods, and arrow functions bound to names. */
export function jsFunctions(code: string): Block[] {
  const out: Block[] = [];
  const re =
    /(?:\bfunction\s{0,3}\*?\s{0,3}([A-Za-z_$][\w$]{0,80})\s{0,3}\(|\b(?:const|let|var)\s{1,3}([A-Za-z_$][\w$]{0,80})\s{0,3}=\s{0,3}(?:async\s{1,3})?(?:function\b[^(]{0,80})?\(|^[ \t]{1,40}(?:async\s{1,3})?([A-Za-z_$][\w$]{0,80})\s{0,3}\((?=[^)\n]{0,200}\)\s{0,3}(?::[^{\n]{1,80})?\{))/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const name = m[1] ?? m[2] ?? m[3]!;
      if (/^(?:if|for|while|switch|catch|return|function)$/.test(name)) return;
      const open = m.index + m[0].length - 1;
      const close = matchParen(code, open);
      if (close < 0) return;
      const params = code
        .slice(open + 1, close)
        .split(',')
        .map((p) =>
          p
            .replace(/[:=?][\s\S]*$/, '')
            .replace(/^\.\.\./, '')
            .trim(),
        )
        .filter(Boolean);
      const brace = code.indexOf('{', close);
      if (brace < 0 || brace - close > 200) return;
      const end = matchParen(code, brace, 200000);
      out.push({ name, start: m.index, end: end < 0 ? code.length : end + 1, params });
    },
    2000,
  );
  return out;
}

export function wordRe(names: Iterable<string>): RegExp | null {
  const list = [...names].filter((n) => /^[\w$.]+$/.test(n)).map((n) => n.replace(/[$.]/g, (c) => `\\${c}`));
  if (list.length === 0) return null;
  return new RegExp(`(?<![\\w$.])(?:${list.slice(0, 300).join('|')})(?![\\w$])`);
}

/** Removes `headers=…`/`auth=…`/`headers: …` arguments: credentials sent as authentication are not exfiltration. */
export function stripAuthArgs(args: string): string {
  let s = args;
  for (const key of ['headers', 'auth', 'Authorization', 'authorization']) {
    const re = new RegExp(`\\b${key}\\s{0,2}[=:]\\s{0,2}`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      const start = m.index;
      let i = m.index + m[0].length;
      if (s[i] === '{' || s[i] === '(' || s[i] === '[') {
        const close = matchParen(s, i, 4000);
        i = close < 0 ? s.length : close + 1;
      } else {
        while (i < s.length && /[\w$.[\]'"]/.test(s[i]!)) i++;
      }
      s = s.slice(0, start) + ' '.repeat(i - start) + s.slice(i);
      re.lastIndex = start + 1;
    }
  }
  return s;
}
