/**
 * Go, Ruby and PowerShell front end: the tokens of generic-lex.ts read by one small, error-tolerant
 * recursive-descent reader into the IR. It keeps what data flow needs (bindings, calls, members,
 * string building, literals, functions, blocks and script blocks) and reads control structure
 * through, as the shell front end does: every branch may run. A statement it cannot read is
 * skipped to the end of its line and the file is marked `partial`.
 */
import type { Expr, FnIR, Loc, LoweredFile, Param, Stmt, Target } from './ir.js';
import { lexOther, type OtherLang, type Tok } from './generic-lex.js';
import { ASSIGN, CONTROL, RUBY_MODIFIERS, RUBY_OPENS } from './generic-base.js';
import { ExprReader } from './generic-expr.js';

class Reader extends ExprReader {
  sub(toks: Tok[]): ExprReader {
    return new Reader(toks, this.lang);
  }

  block(end: string | null): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      while (this.peek()?.k === 'nl' || this.is(';')) this.i++;
      const k = this.peek();
      if (!k) return out;
      if (end !== null && this.eat(end)) return out;
      if (end === null && (this.is('}') || this.is(')') || (this.lang === 'ruby' && this.is('end')))) {
        this.i++;
        continue;
      }
      const at = this.i;
      try {
        const stmts = this.stmt();
        out.push(...this.pre.splice(0), ...stmts);
      } catch (err) {
        this.partial ??= `line ${k.line}: ${err instanceof Error ? err.message : String(err)}`;
        this.i = Math.max(this.i, at + 1);
        this.skipStmt();
      }
      if (this.i === at) this.i++;
    }
  }

  stmt(): Stmt[] {
    const k = this.peek()!;
    const v = k.k === 'id' ? k.v : '';
    const loc = this.loc();
    // A block after a control header may or may not run (a `return` inside it ends only that path).
    if (this.eat('{')) return [{ k: 'branch', test: null, bodies: [this.block('}'), []], loc }];
    if (this.lang === 'go' && (v === 'package' || v === 'import' || v === 'type')) return (this.skipStmt(), []);
    if (this.lang === 'go' && (v === 'var' || v === 'const')) {
      this.i++;
      if (this.eat('(')) return this.block(')');
      const name = this.next().v;
      while (!this.endOfStmt() && !this.is('=')) this.i++;
      return this.eat('=') ? [{ k: 'assign', t: { k: 'name', n: name }, v: this.expr(), loc }] : [];
    }
    if ((this.lang === 'go' && v === 'func') || (this.lang === 'ruby' && v === 'def') || (this.lang === 'powershell' && (v === 'function' || v === 'filter'))) {
      this.i++;
      const fn = this.fnDef(loc);
      return [{ k: 'def', name: fn.name, fn }];
    }
    if (this.lang === 'powershell' && v.toLowerCase() === 'param' && this.is('(', 1)) return (this.skipStmt(), []);
    if (this.lang === 'ruby' && v !== '' && RUBY_OPENS.has(v)) {
      this.i++;
      const head = v === 'class' || v === 'module' ? (this.skipStmt(), []) : this.headerStmts();
      return [...head, { k: 'branch', test: null, bodies: [this.block('end'), []], loc }];
    }
    if (v === 'return') {
      this.i++;
      return [{ k: 'return', e: this.endOfStmt() ? null : this.exprList(), loc }];
    }
    if (v !== '' && CONTROL[this.lang].has(this.lang === 'powershell' ? v.toLowerCase() : v)) {
      this.i++;
      return this.headerStmts();
    }
    return this.simple();
  }

  /** What a control keyword tests or binds: Go `if x := f(); x != "" {`, PowerShell `foreach ($f in $files)`, Ruby `if cond`. */
  headerStmts(): Stmt[] {
    if (this.lang === 'powershell') {
      while (this.eat('[')) while (!this.eat(']') && this.peek()) this.i++;
      if (!this.is('(')) return [];
      this.i++;
      const inner = this.pipeline();
      if (this.eat('in')) {
        const iter = this.pipeline();
        this.eat(')');
        return [{ k: 'assign', t: this.target(inner), v: iter, loc: this.loc() }];
      }
      while (this.eat(';')) this.pipeline();
      this.eat(')');
      return [{ k: 'expr', e: inner, loc: this.loc() }];
    }
    const out: Stmt[] = [];
    while (!this.is('{') && this.peek() && this.peek()!.k !== 'nl' && !this.is('then') && !this.is('do')) {
      const at = this.i;
      if (this.eat('=>')) continue;
      out.push(...this.simple(true));
      if (this.lang === 'ruby' && this.eat('in')) out.push({ k: 'expr', e: this.expr(true), loc: this.loc() });
      this.eat(';');
      if (this.i === at) this.i++;
    }
    if (!this.eat('then')) this.eat('do');
    return out;
  }

  simple(noBrace = false): Stmt[] {
    const loc = this.loc();
    if (this.lang === 'powershell') {
      const e = this.pipeline();
      if (!this.peek() || !ASSIGN.has(this.peek()!.v) || this.peek()!.k !== 'op') return [{ k: 'expr', e, loc }];
      const op = this.next().v;
      return [{ k: 'assign', t: this.target(e), v: this.pipeline(), loc, augment: op !== '=' }];
    }
    const lhs = [this.expr(noBrace)];
    while (this.is(',') && lhs.length < 16 && this.assignAhead()) {
      this.i++;
      lhs.push(this.expr(noBrace));
    }
    const op = this.peek();
    if (op && op.k === 'op' && ASSIGN.has(op.v)) {
      this.i++;
      const v = this.exprList(noBrace);
      const out: Stmt[] = [{ k: 'assign', t: this.target(lhs[0]!), v, loc, augment: op.v !== '=' && op.v !== ':=' }];
      for (const e of lhs.slice(1)) out.push({ k: 'assign', t: this.target(e), v: { k: 'lit' }, loc });
      return this.modifier(out, loc);
    }
    return this.modifier(
      lhs.map((e) => ({ k: 'expr', e, loc })),
      loc,
    );
  }

  /** Ruby `stmt if cond` / `unless` / `while` / `rescue x`: the condition is read too. */
  modifier(out: Stmt[], loc: Loc): Stmt[] {
    if (this.lang === 'ruby' && this.peek()?.k === 'id' && RUBY_MODIFIERS.has(this.peek()!.v) && !this.is('do')) {
      this.i++;
      out.push({ k: 'expr', e: this.exprList(), loc });
    }
    return out;
  }

  assignAhead(): boolean {
    for (let j = this.i; j < this.t.length && this.t[j]!.k !== 'nl'; j++) if (this.t[j]!.k === 'op' && ASSIGN.has(this.t[j]!.v)) return true;
    return false;
  }

  target(e: Expr): Target {
    if (e.k === 'name') return { k: 'name', n: e.n };
    if (e.k === 'member') return { k: 'member', o: e.o, p: e.p };
    if (e.k === 'call' && e.f.k === 'name' && e.f.n === '$env') return { k: 'none' };
    return { k: 'none' };
  }

  /** A Ruby block (`do |a| … end`, `{ |a| … }`) or a PowerShell script block (`{ … }`, with `$_`). */
  blockFn(loc: Loc, open: string): FnIR {
    this.i++;
    const params: Param[] = [];
    if (this.eat('|')) for (let k = this.next(); k.v !== '|' && this.peek(); k = this.next()) if (k.k === 'id') params.push({ name: k.v });
    if (this.lang === 'powershell') params.push({ name: '_' });
    const body = this.lang === 'ruby' ? implicitReturn(this.block(open === 'do' ? 'end' : '}')) : this.block('}');
    return { id: `block@${loc.line}:${loc.col}`, name: 'block', params, body, loc, decorated: false, exported: false };
  }

  /** After `func`/`def`/`function`: name, parameters, body. */
  fnDef(loc: Loc, literal = false): FnIR {
    if (this.lang === 'go' && !literal && this.is('(')) this.skipParens();
    let name = literal ? 'func' : this.next().v;
    if (this.lang === 'ruby')
      while (this.is('.') && this.peek(1)?.k === 'id') {
        this.i++;
        name = this.next().v;
      }
    if (this.lang === 'powershell') name = name.toLowerCase();
    const params: Param[] = [];
    const paren = this.eat('(');
    if (paren || (this.lang === 'ruby' && !this.endOfStmt())) {
      let group: Tok[] = [];
      const flush = () => {
        const id = group.find((g) => g.k === 'id' || g.k === 'var');
        if (id) params.push({ name: this.lang === 'powershell' ? id.v : id.v.replace(/^[*&]+/, '') });
        group = [];
      };
      let depth = 0;
      while (this.peek() && !(depth === 0 && (paren ? this.is(')') : this.peek()!.k === 'nl'))) {
        const k = this.next();
        if (k.v === '(' || k.v === '[' || k.v === '{') depth++;
        else if (k.v === ')' || k.v === ']' || k.v === '}') depth--;
        else if (k.v === ',' && depth === 0) flush();
        else if (depth === 0) group.push(k);
      }
      flush();
      this.eat(')');
    }
    let body: Stmt[];
    if (this.lang === 'ruby') body = this.is('=') ? (this.i++, [{ k: 'return', e: this.expr(), loc }]) : implicitReturn(this.block('end'));
    else {
      while (this.peek() && !this.is('{') && this.peek()!.k !== 'nl') this.i++;
      this.eat('{');
      body = this.block('}');
    }
    return { id: `${name}@${loc.line}`, name, params, body, loc, decorated: false, exported: this.lang === 'go' ? /^[A-Z]/.test(name) : false };
  }
}

/** Ruby methods and blocks return their last expression. */
function implicitReturn(body: Stmt[]): Stmt[] {
  const last = body[body.length - 1];
  if (last?.k === 'expr') body[body.length - 1] = { k: 'return', e: last.e, loc: last.loc };
  return body;
}

export function lowerOther(src: string, lang: OtherLang): LoweredFile {
  const r = new Reader(lexOther(src, lang), lang);
  const body = r.block(null);
  // A Go program starts at main (and init); Ruby and PowerShell scripts run top to bottom.
  if (lang === 'go')
    for (const s of [...body])
      if (s.k === 'def' && (s.name === 'main' || s.name === 'init'))
        body.push({ k: 'expr', e: { k: 'call', f: { k: 'name', n: s.name }, args: [], kw: [], loc: s.fn.loc }, loc: s.fn.loc });
  const parser = `sigma ${lang} reader`;
  return { body, parsed: r.partial ? 'partial' : 'full', reason: r.partial ? `the reader skipped a statement it could not read (${r.partial})` : null, parser };
}
