/**
 * Python front end: the Lezer Python grammar (@lezer/python, pure JS, error-tolerant) lowered into
 * the IR. Syntax errors do not stop it: the parser recovers, the file is marked `partial` with the
 * first error's line, and everything it could read is analysed.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Expr, FnIR, ImportName, Loc, LoweredFile, Param, Stmt, Target } from './ir.js';
import type { Lower as LowerApi } from './python-expr.js';
import { lowerExpr } from './python-expr.js';

type Lines = (pos: number) => Loc;

class Lower implements LowerApi {
  pre: Stmt[] = [];
  constructor(
    readonly src: string,
    readonly at: Lines,
  ) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  block(n: SyntaxNode | null, qual: string): Stmt[] {
    const out: Stmt[] = [];
    for (let c = n?.firstChild ?? null; c; c = c.nextSibling) {
      const s = this.stmt(c, qual);
      out.push(...this.pre, ...s);
      this.pre = [];
    }
    return out;
  }

  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  stmt(n: SyntaxNode, qual: string): Stmt[] {
    const loc = this.at(n.from);
    const k = this.kids(n);
    switch (n.name) {
      case 'ExpressionStatement':
        return k[0] ? [{ k: 'expr', e: this.expr(k[0]), loc }] : [];
      case 'AssignStatement':
      case 'UpdateStatement': {
        const segs: SyntaxNode[][] = [[]];
        for (const c of k) {
          if (c.name === 'AssignOp' || c.name === 'UpdateOp') segs.push([]);
          else if (c.name !== 'TypeDef' && c.name !== ',') segs[segs.length - 1]!.push(c);
        }
        const value = segs.pop()!;
        const v: Expr = value.length === 1 ? this.expr(value[0]!) : { k: 'arr', items: value.map((x) => this.expr(x)) };
        return segs.map((t) => ({ k: 'assign', t: this.targets(t), v, loc, ...(n.name === 'UpdateStatement' ? { augment: true } : {}) }));
      }
      case 'ReturnStatement': {
        const e = k.filter((c) => c.name !== 'return' && c.name !== ',');
        return [{ k: 'return', e: e.length === 0 ? null : e.length === 1 ? this.expr(e[0]!) : { k: 'arr', items: e.map((x) => this.expr(x)) }, loc }];
      }
      case 'RaiseStatement':
        return [...k.filter((c) => c.name !== 'raise' && c.name !== 'from').map((c): Stmt => ({ k: 'expr', e: this.expr(c), loc })), { k: 'stop', loc }];
      case 'FunctionDefinition':
        return [this.def(n, qual, false)];
      case 'ClassDefinition':
        return [this.cls(n, qual, false)];
      case 'DecoratedStatement': {
        const inner = k.find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
        const decos = k.filter((c) => c.name === 'Decorator').map((d): Stmt => ({ k: 'expr', e: this.decorator(d), loc }));
        if (!inner) return decos;
        return [...decos, inner.name === 'FunctionDefinition' ? this.def(inner, qual, true) : this.cls(inner, qual, true)];
      }
      case 'IfStatement':
        return [this.ifStmt(n, k, qual, loc)];
      case 'WhileStatement': {
        const bodies = k.filter((c) => c.name === 'Body');
        const test = k.find((c) => c.name !== 'while' && c.name !== 'Body');
        return [
          { k: 'loop', t: { k: 'none' }, iter: test ? this.expr(test) : null, body: this.block(bodies[0] ?? null, qual), loc },
          ...bodies.slice(1).flatMap((b) => this.block(b, qual)),
        ];
      }
      case 'ForStatement': {
        const inAt = k.findIndex((c) => c.name === 'in');
        const body = k.find((c) => c.name === 'Body') ?? null;
        const tg = k.slice(0, Math.max(0, inAt)).filter((c) => !['for', 'async', ','].includes(c.name));
        const iter = k.slice(inAt + 1).find((c) => c.name !== 'Body' && c.name !== ',');
        return [{ k: 'loop', t: this.targets(tg), iter: iter ? this.expr(iter) : null, body: this.block(body, qual), loc }];
      }
      case 'TryStatement':
        return [{ k: 'branch', test: null, bodies: k.filter((c) => c.name === 'Body').map((b) => this.block(b, qual)), loc }];
      case 'WithStatement': {
        const items: Array<{ e: Expr; t: Target }> = [];
        for (let i = 0; i < k.length; i++) {
          const c = k[i]!;
          if (['with', 'async', ',', 'Body', 'as', '(', ')'].includes(c.name)) continue;
          if (k[i - 1]?.name === 'as') items[items.length - 1]!.t = this.targets([c]);
          else items.push({ e: this.expr(c), t: { k: 'none' } });
        }
        return [{ k: 'with', items, body: this.block(k.find((c) => c.name === 'Body') ?? null, qual), loc }];
      }
      case 'ImportStatement':
        return this.importStmt(k, loc);
      case 'Body':
        return this.block(n, qual);
      case 'PassStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ScopeStatement':
      case 'Comment':
        return [];
      default: {
        // Statements without data flow of their own (assert, del, match, print…): their expressions and bodies.
        const bodies = k.filter((c) => c.name === 'Body' || c.name === 'MatchBody');
        const exprs = k.filter((c) => /Expression$|^VariableName$|^CallExpression$/.test(c.name));
        const out: Stmt[] = exprs.map((e) => ({ k: 'expr', e: this.expr(e), loc }));
        if (bodies.length) out.push({ k: 'branch', test: null, bodies: bodies.map((b) => this.block(b, qual)), loc });
        return out;
      }
    }
  }

  ifStmt(n: SyntaxNode, k: SyntaxNode[], qual: string, loc: Loc): Stmt {
    const bodies: Stmt[][] = [];
    const dead: boolean[] = [];
    let test: Expr | null = null;
    let cond: SyntaxNode | null = null;
    for (const c of k) {
      if (c.name === 'Body') {
        bodies.push(this.block(c, qual));
        const t = cond ? this.text(cond).trim() : '';
        dead.push(t === 'False' || t === '0' || t === 'None');
        cond = null;
      } else if (c.name !== 'if' && c.name !== 'elif' && c.name !== 'else') {
        cond = c;
        test = test ? { k: 'union', parts: [test, this.expr(c)] } : this.expr(c);
      }
    }
    const first = k[1] ? this.text(k[1]).replace(/\s+/g, '') : '';
    const main = /^__name__==(['"])__main__\1$|^(['"])__main__\2==__name__$/.test(first);
    if (main) return { k: 'branch', test: null, bodies: [bodies[0] ?? []], loc, main: true };
    if (!k.some((c) => c.name === 'else')) bodies.push([]);
    return { k: 'branch', test, bodies, loc, dead };
  }

  importStmt(k: SyntaxNode[], loc: Loc): Stmt[] {
    const fromAt = k.findIndex((c) => c.name === 'from');
    const importAt = k.findIndex((c) => c.name === 'import');
    if (fromAt >= 0) {
      const module = k
        .slice(fromAt + 1, importAt)
        .map((c) => this.text(c))
        .join('');
      const names: ImportName[] = [];
      for (let i = importAt + 1; i < k.length; i++) {
        const c = k[i]!;
        if (c.name === 'VariableName') names.push({ name: this.text(c), as: this.text(c) });
        else if (c.name === 'as' && k[i + 1]) names[names.length - 1]!.as = this.text(k[++i]!);
        else if (c.name === '*') names.push({ name: '*all', as: '*' });
      }
      return [{ k: 'import', module, names, loc }];
    }
    const out: Stmt[] = [];
    let parts: string[] = [];
    const flush = (as: string | null): void => {
      if (parts.length === 0) return;
      const module = parts.join('.');
      out.push({
        k: 'import',
        module,
        names: [as ? { name: '*', as } : parts.length > 1 ? { name: '*root', as: parts[0]! } : { name: '*', as: parts[0]! }],
        loc,
      });
      parts = [];
    };
    for (let i = importAt + 1; i < k.length; i++) {
      const c = k[i]!;
      if (c.name === 'VariableName') parts.push(this.text(c));
      else if (c.name === 'as' && k[i + 1]) flush(this.text(k[++i]!));
      else if (c.name === ',') flush(null);
    }
    flush(null);
    return out;
  }

  def(n: SyntaxNode, qual: string, decorated: boolean, className?: string): Stmt & { k: 'def' } {
    const k = this.kids(n);
    const name = k.find((c) => c.name === 'VariableName');
    const nm = name ? this.text(name) : '<anonymous>';
    const loc = this.at(n.from);
    const id = `${qual ? `${qual}.` : ''}${nm}@${loc.line}`;
    const fn: FnIR = {
      id,
      name: nm,
      params: this.params(k.find((c) => c.name === 'ParamList') ?? null),
      body: this.block(k.find((c) => c.name === 'Body') ?? null, id),
      loc,
      decorated,
      exported: false,
      ...(className ? { className } : {}),
    };
    return { k: 'def', name: nm, fn };
  }

  cls(n: SyntaxNode, qual: string, decorated: boolean): Stmt {
    const k = this.kids(n);
    const name = k.find((c) => c.name === 'VariableName');
    const nm = name ? this.text(name) : '<class>';
    const args = k.find((c) => c.name === 'ArgList');
    const bases = args
      ? this.kids(args)
          .filter((c) => !['(', ')', ','].includes(c.name))
          .map((c) => this.expr(c))
      : [];
    const methods: FnIR[] = [];
    const body: Stmt[] = [];
    const q = `${qual ? `${qual}.` : ''}${nm}`;
    for (let c = k.find((x) => x.name === 'Body')?.firstChild ?? null; c; c = c.nextSibling) {
      const inner = c.name === 'DecoratedStatement' ? this.kids(c).find((x) => x.name === 'FunctionDefinition') : c.name === 'FunctionDefinition' ? c : null;
      if (inner) methods.push(this.def(inner, q, c.name === 'DecoratedStatement', nm).fn);
      else body.push(...this.stmt(c, q));
    }
    return { k: 'class', name: nm, bases, methods, body, loc: this.at(n.from), exported: false, decorated };
  }

  params(n: SyntaxNode | null): Param[] {
    const out: Param[] = [];
    if (!n) return out;
    const k = this.kids(n);
    for (let i = 0; i < k.length; i++) {
      const c = k[i]!;
      if (c.name === 'VariableName') out.push({ name: this.text(c), ...(k[i - 1]?.name === '*' || k[i - 1]?.name === '**' ? { rest: true } : {}) });
      else if (c.name === 'AssignOp' && k[i + 1] && out.length) out[out.length - 1]!.default = this.expr(k[++i]!);
    }
    return out;
  }

  decorator(d: SyntaxNode): Expr {
    const args = this.kids(d).find((c) => c.name === 'ArgList');
    return args
      ? {
          k: 'union',
          parts: this.kids(args)
            .filter((c) => !['(', ')', ','].includes(c.name))
            .map((c) => this.expr(c)),
        }
      : { k: 'unknown' };
  }

  targets(nodes: SyntaxNode[]): Target {
    const list = nodes.filter((c) => c.name !== ',');
    if (list.length === 1) return this.target(list[0]!);
    return { k: 'destructure', items: list.map((c, i) => ({ key: c.name.startsWith('*') ? null : String(i), t: this.target(c) })) };
  }

  target(n: SyntaxNode): Target {
    if (n.name === 'VariableName') return { k: 'name', n: this.text(n) };
    if (n.name === 'MemberExpression') {
      const e = this.expr(n);
      if (e.k === 'member') return { k: 'member', o: e.o, p: e.p };
    }
    if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression')
      return this.targets(this.kids(n).filter((c) => !['(', ')', '[', ']'].includes(c.name)));
    return { k: 'none' };
  }

  expr(n: SyntaxNode): Expr {
    return lowerExpr(this, n);
  }
}

export function lowerPython(src: string, at: Lines): LoweredFile {
  const tree = parser.parse(src);
  let firstError: number | null = null;
  tree.iterate({
    enter: (n) => {
      if (firstError === null && n.type.isError) firstError = n.from;
      return firstError === null;
    },
  });
  const l = new Lower(src, at);
  const body = l.block(tree.topNode, '');
  const reason = firstError === null ? null : `syntax error at line ${at(firstError).line}; the parser recovered and the rest was analysed`;
  return { body, parsed: firstError === null ? 'full' : 'partial', reason, parser: '@lezer/python 1.1.19' };
}
