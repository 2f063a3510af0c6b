/**
 * Shell front end: comments found by the evidence lexer (`lexShell`, read-only), then a small word
 * splitter (quotes, `$VAR`, `${VAR…}`, `$( … )`, backticks, pipes, lists, redirections, here-docs)
 * lowered into the IR: commands are calls of `cmd`, pipes pass `stdin`, `>` is `$write`, `<` is `$read`.
 * Control keywords are read through (every branch may run); functions become functions.
 */
import { lexShell } from '../lex/lex.js';
import type { Expr, FnIR, Loc, LoweredFile, Stmt } from './ir.js';

type Piece = { lit: string } | { v: string } | { sub: string };
type Tok = { w: Piece[] } | { op: string };

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  '!',
  '{',
  '}',
  'esac',
  'case',
  'in',
  'select',
  'time',
  'coproc',
  'local',
  'readonly',
  'declare',
  'typeset',
]);
const OPS = ['&&', '||', '>>', '&>', '2>&1', '2>>', '2>', '<<<', '<<', '|&', '|', ';;', ';', '&', '>', '<', '(', ')'];

function expansion(s: string, i: number, out: Piece[]): number {
  if (s[i + 1] === '(') {
    let depth = 1;
    let j = i + 2;
    for (; j < s.length && depth > 0; j++)
      if (s[j] === '(') depth++;
      else if (s[j] === ')') depth--;
    out.push({ sub: s.slice(i + 2, j - 1) });
    return j;
  }
  if (s[i + 1] === '{') {
    const end = s.indexOf('}', i);
    const inner = s.slice(i + 2, end < 0 ? s.length : end);
    out.push({ v: /^[#!]?([A-Za-z_][A-Za-z0-9_]*|\d+|[@*#?$!])/.exec(inner)?.[1] ?? inner });
    return end < 0 ? s.length : end + 1;
  }
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d|[@*#?$!])/.exec(s.slice(i + 1));
  if (!m) {
    out.push({ lit: '$' });
    return i + 1;
  }
  out.push({ v: m[0] });
  return i + 1 + m[0].length;
}

export function tokens(s: string): Tok[] {
  const toks: Tok[] = [];
  let w: Piece[] | null = null;
  const lit = (c: string): void => {
    w ??= [];
    const last = w[w.length - 1];
    if (last && 'lit' in last) last.lit += c;
    else w.push({ lit: c });
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      if (w) toks.push({ w });
      w = null;
      i++;
      continue;
    }
    const op =
      !w || (w.length === 0 && /[0-9&]/.test(c))
        ? OPS.find((o) => s.startsWith(o, i))
        : ['|', ';', '&', '>', '<', '(', ')'].includes(c)
          ? OPS.find((o) => s.startsWith(o, i))
          : undefined;
    if (op && !(op === '(' && w)) {
      if (w) toks.push({ w });
      w = null;
      toks.push({ op });
      i += op.length;
      continue;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      lit(s.slice(i + 1, end < 0 ? s.length : end));
      i = end < 0 ? s.length : end + 1;
    } else if (c === '"') {
      w ??= [];
      let j = i + 1;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) {
          lit(s[j + 1]!);
          j += 2;
        } else if (s[j] === '$') j = expansion(s, j, w);
        else if (s[j] === '`') {
          const end = s.indexOf('`', j + 1);
          w.push({ sub: s.slice(j + 1, end < 0 ? s.length : end) });
          j = end < 0 ? s.length : end + 1;
        } else lit(s[j++]!);
      }
      i = j + 1;
    } else if (c === '$') {
      w ??= [];
      i = expansion(s, i, w);
    } else if (c === '`') {
      const end = s.indexOf('`', i + 1);
      (w ??= []).push({ sub: s.slice(i + 1, end < 0 ? s.length : end) });
      i = end < 0 ? s.length : end + 1;
    } else if (c === '\\') {
      lit(s[i + 1] ?? '');
      i += 2;
    } else {
      lit(c);
      i++;
    }
  }
  if (w) toks.push({ w });
  return toks;
}

class ShellLower {
  constructor(readonly fns: Set<string>) {}

  word(p: Piece[], loc: Loc): Expr {
    const parts: Expr[] = p.map((x): Expr => {
      if ('lit' in x) return { k: 'str', v: x.lit };
      if ('v' in x) return x.v === 'HOME' ? { k: 'str', v: '~' } : { k: 'name', n: x.v, loc };
      return this.pipelineExpr(tokens(x.sub), loc);
    });
    if (parts.length === 1) return parts[0]!;
    return { k: 'concat', parts };
  }

  /** A pipeline as one expression: each command gets the previous one as stdin. */
  pipelineExpr(toks: Tok[], loc: Loc): Expr {
    let prev: Expr | null = null;
    for (const seg of split(toks, ['|', '|&'])) {
      const e = this.command(seg, loc, prev);
      if (e) prev = e.k === 'assign' || e.k === 'import' ? prev : e.k === 'expr' ? e.e : prev;
    }
    return prev ?? { k: 'unknown' };
  }

  command(toks: Tok[], loc: Loc, stdin: Expr | null): Stmt | null {
    const words: Expr[] = [];
    let input = stdin;
    const writes: Expr[] = [];
    const raw: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if ('op' in t) {
        const next = toks[i + 1];
        if ((t.op === '>' || t.op === '>>' || t.op === '&>') && next && 'w' in next) {
          const target = this.word(next.w, loc);
          if (!(target.k === 'str' && target.v.startsWith('/dev/'))) writes.push(target);
          i++;
        } else if ((t.op === '2>' || t.op === '2>>') && next && 'w' in next) i++;
        else if (t.op === '<' && next && 'w' in next) {
          input = { k: 'call', f: { k: 'name', n: '$read' }, args: [this.word(next.w, loc)], kw: [], loc };
          i++;
        } else if (t.op === '<<<' && next && 'w' in next) {
          input = this.word(next.w, loc);
          i++;
        }
        continue;
      }
      const text = t.w.map((x) => ('lit' in x ? x.lit : '…')).join('');
      if (words.length === 0 && (KEYWORDS.has(text) || /^[^=\s]*\)$/.test(text))) continue;
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && 'lit' in t.w[0]!) {
        const first = t.w[0] as { lit: string };
        const eq = first.lit.indexOf('=');
        const rest: Piece[] = [{ lit: first.lit.slice(eq + 1) }, ...t.w.slice(1)];
        const later = toks.slice(i + 1).some((x) => 'w' in x);
        if (!later) return { k: 'assign', t: { k: 'name', n: first.lit.slice(0, eq) }, v: this.word(rest, loc), loc };
        continue;
      }
      raw.push(text);
      words.push(this.word(t.w, loc));
    }
    if (words.length === 0) return null;
    const prog = raw[0]!;
    if (prog === 'export' || prog === 'for') {
      const inAt = raw.indexOf('in');
      if (prog === 'for' && raw[1]) return { k: 'assign', t: { k: 'name', n: raw[1] }, v: { k: 'union', parts: words.slice(inAt + 1) }, loc };
      const a = toks.find((x) => 'w' in x && x.w[0] && 'lit' in x.w[0] && /^[A-Za-z_]\w*=/.test(x.w[0].lit));
      if (a && 'w' in a) return this.command([a], loc, null);
      return null;
    }
    if ((prog === 'source' || prog === '.') && words[1]?.k === 'str') return { k: 'import', module: words[1].v, names: [], loc };
    if (prog === 'read') {
      const name = raw[raw.length - 1];
      if (!name) return null;
      // `read -s`: typed at a prompt that does not echo — a password or a key.
      const silent = raw.slice(1, -1).some((w) => /^-[a-zA-Z]*s[a-zA-Z]*$/.test(w));
      const v: Expr = silent ? { k: 'call', f: { k: 'name', n: '$readsecret' }, args: [{ k: 'str', v: name }], kw: [], loc } : { k: 'unknown' };
      return { k: 'assign', t: { k: 'name', n: name }, v, loc };
    }
    const call: Expr = this.fns.has(prog)
      ? { k: 'call', f: { k: 'name', n: prog }, args: words.slice(1), kw: [], loc }
      : { k: 'call', f: { k: 'name', n: '$cmd' }, args: words, kw: input ? [{ name: 'stdin', v: input }] : [], loc };
    if (writes.length === 0) return { k: 'expr', e: call, loc };
    return { k: 'expr', e: { k: 'call', f: { k: 'name', n: '$write' }, args: [writes[0]!, call], kw: [], loc }, loc };
  }

  lines(lines: Array<{ text: string; line: number }>): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < lines.length; i++) {
      const { text, line } = lines[i]!;
      const def = /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*(?:\(\s*\))?\s*\{(.*)$/.exec(text);
      if (def && (/\(\s*\)/.test(text) || /^\s*function\s/.test(text))) {
        const body: Array<{ text: string; line: number }> = [];
        let depth = 1;
        const tail = def[2]!;
        if (/\}\s*;?\s*$/.test(tail)) body.push({ text: tail.replace(/\}\s*;?\s*$/, ''), line });
        else {
          if (tail.trim()) body.push({ text: tail, line });
          while (++i < lines.length) {
            const t = lines[i]!.text;
            depth += (t.match(/(?:^|\s)\{(?:\s|$)/g) ?? []).length - (t.match(/(?:^|\s|;)\}(?:\s|;|$)/g) ?? []).length;
            if (depth <= 0) break;
            body.push(lines[i]!);
          }
        }
        const loc = { line, col: 0 };
        const fn: FnIR = {
          id: `${def[1]}@${line}`,
          name: def[1]!,
          params: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((n) => ({ name: n })),
          body: this.lines(body),
          loc,
          decorated: false,
          exported: false,
        };
        out.push({ k: 'def', name: def[1]!, fn });
        continue;
      }
      for (const list of split(tokens(text), ['&&', '||', ';', '&', ';;'])) {
        let prev: Expr | null = null;
        const segs = split(list, ['|', '|&']);
        segs.forEach((seg, j) => {
          const s = this.command(seg, { line, col: j }, prev);
          if (!s) return;
          if (j < segs.length - 1 && s.k === 'expr') prev = s.e;
          else out.push(s);
        });
      }
    }
    return out;
  }
}

function split(toks: Tok[], seps: string[]): Tok[][] {
  const out: Tok[][] = [[]];
  for (const t of toks) {
    if ('op' in t && seps.includes(t.op)) out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out.filter((x) => x.length > 0);
}

export function lowerShell(src: string): LoweredFile {
  const lexed = lexShell(src);
  const raw = lexed.noComments.split('\n');
  const lines: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < raw.length; i++) {
    let text = raw[i]!;
    const line = i + 1;
    while (text.endsWith('\\') && i + 1 < raw.length) text = text.slice(0, -1) + ' ' + raw[++i]!;
    const doc = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(text);
    if (doc) {
      const body: string[] = [];
      while (i + 1 < raw.length && raw[i + 1]!.trim() !== doc[2]) body.push(raw[++i]!);
      i++;
      const quoted = doc[1] !== '';
      const content = body.join('\n');
      text = text.replace(doc[0], `<<< ${quoted ? `'${content.replace(/'/g, '')}'` : `"${content.replace(/"/g, '\\"')}"`}`);
    }
    lines.push({ text, line });
  }
  const fns = new Set<string>();
  for (const l of lines) {
    const m = /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\s*\)/.exec(l.text) ?? /^\s*function\s+([A-Za-z_][\w-]*)/.exec(l.text);
    if (m) fns.add(m[1]!);
  }
  const body = new ShellLower(fns).lines(lines);
  return { body, parsed: 'full', reason: null, parser: 'sigma shell lowering over lexShell' };
}
