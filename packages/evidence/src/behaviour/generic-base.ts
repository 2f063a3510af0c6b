/** The token cursor and the words the Go, Ruby and PowerShell reader (generic.ts) shares. */
import type { Expr, Loc, Stmt } from './ir.js';
import type { OtherLang, Tok } from './generic-lex.js';

export const CONTROL: Record<OtherLang, Set<string>> = {
  go: new Set(['if', 'else', 'for', 'switch', 'case', 'default', 'select', 'go', 'defer', 'break', 'continue', 'goto', 'fallthrough']),
  ruby: new Set([
    'if',
    'elsif',
    'else',
    'unless',
    'while',
    'until',
    'for',
    'case',
    'when',
    'then',
    'begin',
    'rescue',
    'ensure',
    'break',
    'next',
    'redo',
    'retry',
    'loop',
  ]),
  powershell: new Set([
    'if',
    'elseif',
    'else',
    'foreach',
    'for',
    'while',
    'do',
    'until',
    'switch',
    'try',
    'catch',
    'finally',
    'trap',
    'break',
    'continue',
    'process',
    'begin',
    'end',
  ]),
};
export const RUBY_OPENS = new Set(['if', 'unless', 'while', 'until', 'case', 'begin', 'for', 'class', 'module']);
export const RUBY_MODIFIERS = new Set(['if', 'unless', 'while', 'until', 'rescue', 'do', 'then', 'and', 'or']);
export const LITERALS = new Set(['nil', 'true', 'false', 'null', 'iota', 'self', '$true', '$false', '$null']);
export const CONCAT_OPS = new Set(['+', '<<', 'f', 'join', 'replace']);
export const BINARY = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '..',
  '**',
  '=~',
  'and',
  'or',
]);
export const ASSIGN = new Set(['=', ':=', '+=', '-=', '*=', '||=', '&&=', '|=', '<<=']);
export const U: Expr = { k: 'unknown' };

export class TokenReader {
  i = 0;
  partial: string | null = null;
  /** Statements a Ruby block lifted out of the expression being read; they go before its statement. */
  pre: Stmt[] = [];
  /** Ruby: names of the file's methods (a bare `name` calls it). */
  readonly defs = new Set<string>();
  constructor(
    readonly t: Tok[],
    readonly lang: OtherLang,
  ) {
    if (lang === 'ruby') for (let j = 0; j + 1 < t.length; j++) if (t[j]!.k === 'id' && t[j]!.v === 'def' && t[j + 1]!.k === 'id') this.defs.add(t[j + 1]!.v);
  }

  adjacentOp(v: string): boolean {
    return this.peek()?.k === 'op' && this.peek()!.v === v;
  }

  peek(o = 0): Tok | undefined {
    return this.t[this.i + o];
  }

  is(v: string, o = 0): boolean {
    const k = this.peek(o);
    return !!k && (k.k === 'op' || k.k === 'id') && k.v === v;
  }

  eat(v: string): boolean {
    return this.is(v) ? (this.i++, true) : false;
  }

  loc(k = this.peek()): Loc {
    return { line: k?.line ?? 1, col: k?.col ?? 0 };
  }

  endOfStmt(): boolean {
    const k = this.peek();
    return !k || k.k === 'nl' || this.is(';') || this.is('}') || this.is(')') || (this.lang === 'powershell' && this.is('|'));
  }

  /** Skips to the end of the line, over balanced brackets (Go `import (…)`, `type T struct {…}`). */
  skipStmt(): void {
    let depth = 0;
    for (let k = this.peek(); k; k = this.peek()) {
      if (k.k === 'op' && '([{'.includes(k.v)) depth++;
      else if (k.k === 'op' && ')]}'.includes(k.v)) {
        if (depth === 0) return;
        depth--;
      } else if (k.k === 'nl' && depth === 0) return;
      this.i++;
    }
  }

  next(): Tok {
    const k = this.peek();
    if (!k) throw new Error('unexpected end of file');
    this.i++;
    return k;
  }

  adjacent(): boolean {
    const prev = this.t[this.i - 1];
    const cur = this.peek()!;
    return !!prev && prev.line === cur.line && prev.col + prev.v.length >= cur.col - (prev.k === 'str' || prev.k === 'var' ? 2 : 0);
  }

  call(f: Expr, args: Expr[], loc: Loc, kw: Array<{ name: string; v: Expr }> = []): Expr {
    return { k: 'call', f, args, kw, loc };
  }

  skipParens(): void {
    let depth = 0;
    do {
      const k = this.next();
      if (k.v === '(') depth++;
      else if (k.v === ')') depth--;
    } while (depth > 0 && this.peek());
  }

  skipType(): void {
    while (this.eat('[')) while (this.peek() && !this.eat(']')) this.i++;
    while (this.peek()?.k === 'id' || this.is('.') || this.is('*')) this.i++;
  }
}
