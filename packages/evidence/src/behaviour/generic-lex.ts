/**
 * Tokens of Go, Ruby and PowerShell for the generic front end (generic.ts): comments dropped,
 * strings with their interpolations (`#{…}`, `$var`, `$(…)`) kept as code pieces, line breaks kept
 * (they end statements). Error-tolerant: an unterminated string runs to the end of its line.
 */
export type OtherLang = 'go' | 'ruby' | 'powershell';

export type StrPart = { lit: string } | { code: Tok[] };
export interface Tok {
  k: 'id' | 'var' | 'str' | 'num' | 'op' | 'nl' | 'cmd';
  v: string;
  line: number;
  col: number;
  /** Strings and commands: literal text and interpolated code, in order. */
  parts?: StrPart[];
}

const OPS = ['<<=', '>>=', '&&=', '||=', ':=', '==', '!=', '<=', '>=', '&&', '||', '::', '=>', '->', '<-', '+=', '-=', '*=', '|=', '..', '<<', '>>', '**'];

export function lexOther(src: string, lang: OtherLang, line0 = 1): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = line0;
  let lineStart = 0;
  const push = (k: Tok['k'], v: string, at: number, parts?: StrPart[]) => out.push({ k, v, line, col: at - lineStart, ...(parts ? { parts } : {}) });
  const nl = () => {
    line++;
    lineStart = i + 1;
  };
  const skipTo = (end: string) => {
    const j = src.indexOf(end, i);
    const stop = j < 0 ? src.length : j + end.length;
    for (; i < stop; i++) if (src[i] === '\n') nl();
  };
  /** A quoted string from i (at the quote); `interp` says which interpolation the language has. */
  const quoted = (q: string, interp: 'none' | 'ruby' | 'ps', esc: string | null): StrPart[] => {
    const parts: StrPart[] = [];
    let lit = '';
    i++;
    while (i < src.length && src[i] !== q) {
      const c = src[i]!;
      if (c === '\n' && q !== '`' && lang !== 'powershell' && lang !== 'ruby') break;
      if (esc && c === esc && i + 1 < src.length) {
        const n = src[i + 1]!;
        lit += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        i += 2;
        continue;
      }
      if (interp === 'ruby' && c === '#' && src[i + 1] === '{') {
        const end = matchClose(src, i + 1, '{', '}');
        if (lit) parts.push({ lit });
        lit = '';
        parts.push({ code: lexOther(src.slice(i + 2, end), lang, line) });
        i = end + 1;
        continue;
      }
      if (interp === 'ps' && c === '$' && /[({A-Za-z_]/.test(src[i + 1] ?? '')) {
        if (lit) parts.push({ lit });
        lit = '';
        if (src[i + 1] === '(') {
          const end = matchClose(src, i + 1, '(', ')');
          parts.push({ code: lexOther(src.slice(i + 2, end), lang, line) });
          i = end + 1;
        } else {
          const m = stick(/\$(?:\{([^}]+)\}|((?:env:)?[A-Za-z_]\w*))/iy, src, i)!;
          parts.push({ code: lexOther(m[1] ? `$${m[1]}` : m[0], lang, line) });
          i += m[0].length;
        }
        continue;
      }
      if (c === '\n') nl();
      if (q === "'" && lang === 'powershell' && c === "'" && src[i + 1] === "'") i++;
      lit += c;
      i++;
    }
    i++;
    if (lit || parts.length === 0) parts.push({ lit });
    return parts;
  };
  while (i < src.length) {
    const c = src[i]!;
    const at = i;
    const rest = src.slice(i, i + 3);
    if (c === '\n') {
      push('nl', '\n', at);
      nl();
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if ((lang === 'powershell' && c === '`' && src[i + 1] === '\n') || (lang !== 'go' && c === '\\' && src[i + 1] === '\n')) {
      i++;
      nl();
      i++;
    } else if (lang === 'go' && rest.startsWith('//')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (lang === 'go' && rest.startsWith('/*')) skipTo('*/');
    else if (lang === 'powershell' && rest.startsWith('<#')) skipTo('#>');
    else if (lang === 'ruby' && c === '=' && src.startsWith('=begin', i) && (i === 0 || src[i - 1] === '\n')) skipTo('\n=end');
    else if (lang !== 'go' && c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"' || (c === "'" && lang !== 'go')) {
      const parts = quoted(
        c,
        c === "'" ? 'none' : lang === 'ruby' ? 'ruby' : lang === 'powershell' ? 'ps' : 'none',
        c === "'" ? (lang === 'ruby' ? '\\' : null) : lang === 'powershell' ? '`' : '\\',
      );
      push('str', src.slice(at, i), at, parts);
    } else if (c === "'" && lang === 'go') {
      push('str', src.slice(at, (i = src.indexOf("'", i + 2) + 1 || src.length)), at, [{ lit: '' }]);
    } else if (c === '`' && lang === 'go') {
      const parts = quoted('`', 'none', null);
      push('str', src.slice(at, i), at, parts);
    } else if (c === '`' && lang === 'ruby') {
      push('cmd', '`', at, quoted('`', 'ruby', '\\'));
    } else if (lang === 'ruby' && c === '%' && /^%[wWiIqQx]?[[({<|!]/.test(src.slice(i, i + 3))) {
      const kind = /[a-zA-Z]/.test(src[i + 1]!) ? src[i + 1]! : 'Q';
      i += kind === 'Q' && !/[a-zA-Z]/.test(src[i + 1]!) ? 1 : 2;
      const open = src[i]!;
      const close = ({ '[': ']', '(': ')', '{': '}', '<': '>' } as Record<string, string>)[open] ?? open;
      const end = close === open ? src.indexOf(close, i + 1) : matchClose(src, i, open, close);
      const body = src.slice(i + 1, end < 0 ? src.length : end);
      i = end < 0 ? src.length : end + 1;
      if (/[wWiI]/.test(kind)) {
        push('op', '[', at);
        body
          .split(/\s+/)
          .filter(Boolean)
          .forEach((w, n) => (n > 0 && push('op', ',', at), push('str', w, at, [{ lit: w }])));
        push('op', ']', at);
      } else push(kind === 'x' ? 'cmd' : 'str', body, at, [{ lit: body }]);
    } else if (lang === 'ruby' && c === ':' && /[A-Za-z_]/.test(src[i + 1] ?? '') && src[i - 1] !== ':') {
      const m = stick(/:(\w+[?!]?)/y, src, i)!;
      push('str', m[1]!, at, [{ lit: m[1]! }]);
      i += m[0].length;
    } else if (c === '$' && lang !== 'go') {
      const m = stick(/\$(?:\{([^}]+)\}|((?:env|script|global|local|using):)?([A-Za-z_]\w*|[_?$^]))/iy, src, i);
      if (!m) {
        push('op', '$', at);
        i++;
      } else {
        push('var', (m[1] ?? (m[2] ?? '') + m[3]).toLowerCase(), at);
        i += m[0].length;
      }
    } else if (/[0-9]/.test(c)) {
      const m = stick(/[0-9][\w.]*/y, src, i)!;
      push('num', m[0], at);
      i += m[0].length;
    } else if (/[A-Za-z_@]/.test(c)) {
      const re = lang === 'powershell' ? /[A-Za-z_][\w]*(?:-[A-Za-z]\w*)*/y : lang === 'ruby' ? /@{0,2}[A-Za-z_]\w*[?!]?/y : /[A-Za-z_]\w*/y;
      const m = stick(re, src, i);
      if (!m) {
        push('op', c, at);
        i++;
      } else {
        push('id', m[0], at);
        i += m[0].length;
      }
    } else {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      push('op', op, at);
      i += op.length;
    }
  }
  return out;
}

/** The index of the bracket closing the one at `i`, or the end of the text. */
function matchClose(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === open) depth++;
    else if (s[j] === close && --depth === 0) return j;
  }
  return s.length;
}

/** A sticky match at `i` (no copy of the rest of the text per token). */
function stick(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}
