/**
 * Expressions of the generic reader: operators, calls, members, literals, Go composites, Ruby
 * blocks and command calls, PowerShell commands and pipelines. Statements are generic.ts.
 */
import type { Expr, FnIR, Loc, Stmt } from './ir.js';
import type { StrPart, Tok } from './generic-lex.js';
import { BINARY, CONCAT_OPS, CONTROL, LITERALS, RUBY_MODIFIERS, TokenReader, U } from './generic-base.js';

export abstract class ExprReader extends TokenReader {
  abstract sub(toks: Tok[]): ExprReader;
  abstract blockFn(loc: Loc, open: string): FnIR;
  abstract fnDef(loc: Loc, literal?: boolean): FnIR;

  exprList(noBrace = false): Expr {
    const items = [this.expr(noBrace)];
    while (this.eat(',')) items.push(this.expr(noBrace));
    return items.length === 1 ? items[0]! : { k: 'arr', items };
  }

  expr(noBrace = false): Expr {
    let left = this.unary(noBrace);
    for (;;) {
      const k = this.peek();
      if (!k || k.k === 'nl') return left;
      let op: string;
      if (this.lang === 'powershell' && this.is('-') && this.peek(1)?.k === 'id' && !this.is('(', 2)) {
        op = this.peek(1)!.v.toLowerCase();
        this.i += 2;
      } else if ((k.k === 'op' || (this.lang === 'ruby' && k.k === 'id' && (k.v === 'and' || k.v === 'or'))) && BINARY.has(k.v)) {
        if (this.lang === 'powershell' && k.v === '|') return left;
        op = k.v;
        this.i++;
      } else if (this.is('?') && this.lang === 'ruby') {
        this.i++;
        const a = this.expr(noBrace);
        this.eat(':');
        return { k: 'union', parts: [left, a, this.expr(noBrace)] };
      } else return left;
      const right = this.unary(noBrace);
      left = CONCAT_OPS.has(op) ? { k: 'concat', parts: [left, right] } : { k: 'union', parts: [left, right] };
    }
  }

  unary(noBrace: boolean): Expr {
    if (['!', '-', '&', '*', '<-', '^', '+'].some((o) => this.is(o)) && this.peek()?.k === 'op') {
      if (this.lang === 'powershell' && this.is('-') && this.peek(1)?.k === 'id') this.i++;
      this.i++;
      return this.unary(noBrace);
    }
    if (this.is('not') || this.is('range') || this.is('defined?')) return (this.i++, this.unary(noBrace));
    return this.postfix(this.primary(noBrace), noBrace);
  }

  str(parts: StrPart[]): Expr {
    const ps: Expr[] = parts.map((p) => ('lit' in p ? { k: 'str', v: p.lit } : this.sub(p.code).exprList()));
    return ps.length === 1 ? ps[0]! : { k: 'concat', parts: ps };
  }

  primary(noBrace: boolean): Expr {
    const k = this.next();
    const loc: Loc = { line: k.line, col: k.col };
    if (k.k === 'str') return this.str(k.parts ?? [{ lit: k.v }]);
    if (k.k === 'cmd') return this.call({ k: 'name', n: '$backtick' }, [this.str(k.parts ?? [])], loc);
    if (k.k === 'num' || LITERALS.has(k.v)) return { k: 'lit' };
    if (k.k === 'var') {
      if (this.lang === 'powershell' && k.v === 'home') return { k: 'str', v: '~' };
      if (k.v.startsWith('env:')) return this.call({ k: 'name', n: '$env' }, [{ k: 'str', v: k.v.slice(4).toUpperCase() }], loc);
      return { k: 'name', n: k.v.replace(/^(?:script|global|local|using):/, '') };
    }
    if (k.k === 'id') {
      if (this.lang === 'go' && k.v === 'func') return { k: 'fn', fn: this.fnDef(loc, true) };
      if (this.lang === 'ruby' && k.v === 'ENV') {
        if (this.is('[') && this.peek(1)?.k === 'str' && this.is(']', 2)) {
          this.i++;
          const name = this.str(this.next().parts!);
          this.i++;
          return this.call({ k: 'name', n: '$env' }, [name], loc);
        }
        if (this.is('.') && this.is('fetch', 1) && this.is('(', 2)) {
          this.i += 3;
          const name = this.expr();
          while (!this.eat(')') && this.peek()) this.i++;
          return this.call({ k: 'name', n: '$env' }, [name], loc);
        }
        return this.call({ k: 'name', n: '$env' }, [], loc);
      }
      if (this.lang === 'go' && k.v === 'map' && this.is('[')) return (this.skipType(), this.is('{') ? this.composite(null) : U);
      if (this.lang === 'powershell' && /-/.test(k.v)) return this.command(k);
      if (this.lang === 'powershell' && !this.is('(') && !this.is('.') && !this.is('::') && !this.is('=')) return this.command(k);
      if (this.lang === 'ruby' && this.defs.has(k.v) && !this.is('(') && !this.adjacentOp('=')) return this.call({ k: 'name', n: k.v }, [], loc);
      return { k: 'name', n: this.lang === 'powershell' ? k.v.toLowerCase() : k.v };
    }
    if (k.v === '(') {
      const e = this.lang === 'powershell' ? this.pipeline() : this.exprList();
      this.eat(')');
      return e;
    }
    if (k.v === '[') {
      if (this.lang === 'go' && this.is(']'))
        return (this.i--, this.skipType(), this.is('(') ? (this.i++, this.parenArg()) : this.is('{') ? this.composite(null) : U);
      if (this.lang === 'powershell') {
        let name = '';
        while (this.peek() && !this.is(']')) name += this.next().v;
        this.eat(']');
        if (this.is('::')) return { k: 'name', n: name.replace(/^System\./i, '') };
        return this.endOfStmt() ? U : this.unary(noBrace);
      }
      const items: Expr[] = [];
      while (this.peek() && !this.eat(']')) {
        while (this.peek()?.k === 'nl') this.i++;
        if (this.eat(']')) break;
        items.push(this.expr());
        this.eat(',');
        while (this.peek()?.k === 'nl') this.i++;
      }
      return { k: 'arr', items };
    }
    if (k.v === '@' && this.lang === 'powershell' && (this.is('{') || this.is('('))) {
      if (this.eat('(')) {
        const items: Expr[] = [];
        while (this.peek() && !this.eat(')')) {
          items.push(this.pipeline());
          if (!this.eat(',') && !this.eat(';') && !this.is(')')) this.i++;
        }
        return { k: 'arr', items };
      }
      return this.composite(null);
    }
    if (k.v === '{' && !noBrace) {
      this.i--;
      return this.lang === 'ruby' && !this.is('|', 1) ? this.composite(null) : { k: 'fn', fn: this.blockFn(loc, '{') };
    }
    throw new Error(`unexpected ${JSON.stringify(k.v)}`);
  }

  parenArg(): Expr {
    const e = this.exprList();
    this.eat(')');
    return e;
  }

  /** `{k: v, …}` (Go composite, Ruby hash `k => v`/`k: v`, PowerShell `@{k = v; …}`): an object, or an array when no key is given. */
  composite(type: Expr | null): Expr {
    this.eat('{');
    const props: Array<{ key: string | null; v: Expr }> = [];
    const items: Expr[] = [];
    while (this.peek() && !this.eat('}')) {
      while (this.peek()?.k === 'nl' || this.is(',') || this.is(';')) this.i++;
      if (this.eat('}')) break;
      const at = this.i;
      const first = this.lang === 'powershell' && this.peek()?.k === 'id' ? (this.i++, { k: 'str', v: this.t[at]!.v } as Expr) : this.expr();
      if (this.eat(':') || this.eat('=>') || this.eat('=')) {
        const key = first.k === 'str' ? first.v : first.k === 'name' ? first.n : null;
        props.push({ key, v: this.lang === 'powershell' ? this.pipeline() : this.expr() });
      } else items.push(first);
      if (this.i === at) this.i++;
    }
    const lit: Expr = props.length > 0 ? { k: 'obj', props: [...props, ...items.map((v) => ({ key: null, v }))] } : { k: 'arr', items };
    return type ? this.call(type, [lit], this.loc()) : lit;
  }

  postfix(e: Expr, noBrace: boolean): Expr {
    for (;;) {
      const loc = this.loc();
      if ((this.is('.') || this.is('::') || this.is('&.')) && this.peek(1)?.k === 'id') {
        this.i++;
        const p = this.next().v;
        e = { k: 'member', o: e, p, sub: false, loc };
      } else if (this.is('.') && this.is('(', 1)) {
        this.i += 2;
        while (this.peek() && !this.eat(')')) this.i++;
      } else if (this.is('(') && this.adjacent()) {
        this.i++;
        const args: Expr[] = [];
        const kw: Array<{ name: string; v: Expr }> = [];
        while (this.peek() && !this.eat(')')) {
          while (this.peek()?.k === 'nl') this.i++;
          if (this.eat(')')) break;
          const a = this.expr();
          if ((this.eat(':') || this.eat('=>')) && (a.k === 'name' || a.k === 'str')) kw.push({ name: a.k === 'name' ? a.n : a.v, v: this.expr() });
          else args.push(a);
          this.eat('...');
          while (this.peek()?.k === 'nl') this.i++;
          if (!this.eat(',') && !this.is(')')) this.i++;
        }
        e = this.call(e, args, loc, kw);
      } else if (this.is('[') && this.adjacent()) {
        this.i++;
        const key = this.exprList();
        while (this.peek() && !this.eat(']')) this.i++;
        e = { k: 'member', o: e, p: key.k === 'str' ? key.v : null, sub: true, loc };
      } else if (this.lang === 'go' && this.is('{') && !noBrace && (e.k === 'name' || e.k === 'member') && /^[A-Z]/.test(e.k === 'name' ? e.n : (e.p ?? ''))) {
        e = this.composite(e);
      } else if (this.lang === 'ruby' && (this.is('do') || (this.is('{') && this.is('|', 1)))) {
        const saved = this.pre;
        this.pre = [];
        const block = this.blockFn(loc, this.is('do') ? 'do' : '{');
        this.pre = saved;
        // A Ruby block runs where it is written (`each`, `map`, `open`, `start`): its body is read in
        // place, before the statement, with its parameters bound to the receiver's items.
        const recv = e.k === 'call' ? e.f : e;
        const bind = recv.k === 'member' ? block.params.map((p): Stmt => ({ k: 'assign', t: { k: 'name', n: p.name }, v: recv.o, loc })) : [];
        this.pre.push({ k: 'branch', test: null, bodies: [[...bind, ...block.body.filter((s) => s.k !== 'return')], []], loc });
        const last = block.body[block.body.length - 1];
        const value: Expr[] = last?.k === 'return' && last.e ? [last.e] : [];
        e = e.k === 'call' ? { ...e, args: [...e.args, ...value] } : this.call(e, value, loc);
      } else if (this.lang === 'ruby' && (e.k === 'name' || e.k === 'member') && this.commandArgStart()) {
        const args = [this.expr()];
        while (this.eat(',')) args.push(this.expr());
        e = this.call(e, args, loc);
      } else return e;
    }
  }

  commandArgStart(): boolean {
    const k = this.peek();
    if (!k || k.k === 'nl' || k.k === 'op') return false;
    return k.k !== 'id' || !(CONTROL.ruby.has(k.v) || RUBY_MODIFIERS.has(k.v) || k.v === 'end');
  }

  /** A PowerShell command: `Verb-Noun -Name value positional …`; names are case-insensitive, so lower-cased. */
  command(name: Tok): Expr {
    const args: Expr[] = [];
    const kw: Array<{ name: string; v: Expr }> = [];
    while (!this.endOfStmt()) {
      if (this.is('-') && this.peek(1)?.k === 'id') {
        this.i++;
        const p = this.next().v.toLowerCase();
        const valueless = this.endOfStmt() || (this.is('-') && this.peek(1)?.k === 'id');
        kw.push({ name: p, v: valueless ? { k: 'lit', b: true } : this.argValue() });
      } else args.push(this.argValue());
    }
    return this.call({ k: 'name', n: name.v.toLowerCase() }, args, this.loc(name), kw);
  }

  argValue(): Expr {
    const k = this.peek()!;
    if (k.k === 'id' && !this.is('(', 1) && !this.is('::', 1)) return { k: 'str', v: this.bareword() };
    if (k.k === 'op' && !'(@$[{'.includes(k.v)) return { k: 'str', v: this.bareword() };
    return this.postfix(this.primary(false), false);
  }

  /** A PowerShell bare argument (`.`, `./out`, `*.md`, `C:\temp`): the tokens written together, as text. */
  bareword(): string {
    let text = this.next().v;
    for (let k = this.peek(), prev = this.t[this.i - 1]!; k && k.k !== 'nl' && k.line === prev.line && k.col === prev.col + prev.v.length; k = this.peek()) {
      if (k.k === 'op' && ';|)}'.includes(k.v)) break;
      text += k.v;
      prev = this.next();
    }
    return text;
  }

  /** PowerShell `a | b | c`: each command gets the previous value as `inputobject`. */
  pipeline(): Expr {
    let e = this.expr();
    while (this.lang === 'powershell' && this.eat('|')) {
      while (this.peek()?.k === 'nl') this.i++;
      const right = this.expr();
      e = right.k === 'call' ? { ...right, kw: [...right.kw, { name: 'inputobject', v: e }] } : { k: 'union', parts: [e, right] };
    }
    return e;
  }
}
