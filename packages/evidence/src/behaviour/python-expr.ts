/** Python expressions (Lezer nodes) to IR expressions. */
import type { SyntaxNode } from '@lezer/common';
import type { Expr, Loc, Param, Stmt } from './ir.js';

/** What expression lowering needs from the statement lowerer: the source and its node helpers. */
export interface Lower {
  readonly src: string;
  at(pos: number): Loc;
  text(n: SyntaxNode): string;
  kids(n: SyntaxNode): SyntaxNode[];
  params(n: SyntaxNode | null): Param[];
  /** Statements an expression needs to run first (walrus assignments). */
  pre: Stmt[];
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':']);

export function unquote(raw: string): string {
  const m = /^([a-zA-Z]{0,2})('''|"""|'|")([\s\S]*?)\2?$/.exec(raw);
  if (!m) return raw;
  let body = m[3]!;
  if (body.endsWith(m[2]!)) body = body.slice(0, -m[2]!.length);
  if (m[1]!.toLowerCase().includes('r')) return body;
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([\s\S]))/g, (_, x?: string, u?: string, c?: string) => {
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (u) return String.fromCharCode(parseInt(u, 16));
    return c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '\n' ? '' : (c ?? '');
  });
}

export function lowerExpr(l: Lower, n: SyntaxNode): Expr {
  const k = l.kids(n);
  const loc = l.at(n.from);
  switch (n.name) {
    case 'VariableName': {
      const t = l.text(n);
      return t === '__file__' ? { k: 'skilldir' } : { k: 'name', n: t, loc };
    }
    case 'String':
      return { k: 'str', v: unquote(l.text(n)) };
    case 'FormatString':
      return formatString(l, n, k);
    case 'ContinuedString':
      return { k: 'concat', parts: k.map((c) => lowerExpr(l, c)) };
    case 'Number':
    case 'None':
    case 'Ellipsis':
      return { k: 'lit' };
    case 'Boolean':
      return { k: 'lit', b: l.text(n) === 'True' };
    case 'MemberExpression': {
      const o = k[0] ? lowerExpr(l, k[0]) : ({ k: 'unknown' } as Expr);
      if (k[1]?.name === '[') {
        const key = k[2];
        if (key?.name === 'String') return { k: 'member', o, p: unquote(l.text(key)), sub: true, loc };
        if (key?.name === 'Number') return { k: 'member', o, p: l.text(key), sub: true, loc };
        return { k: 'member', o, p: null, sub: true, loc };
      }
      const prop = k.find((c) => c.name === 'PropertyName');
      return { k: 'member', o, p: prop ? l.text(prop) : null, sub: false, loc };
    }
    case 'CallExpression': {
      const f = k[0] ? lowerExpr(l, k[0]) : ({ k: 'unknown' } as Expr);
      const args: Expr[] = [];
      const kw: Array<{ name: string; v: Expr }> = [];
      const list = k.find((c) => c.name === 'ArgList');
      const a = list ? l.kids(list).filter((c) => !PUNCT.has(c.name)) : [];
      for (let i = 0; i < a.length; i++) {
        const c = a[i]!;
        if (c.name === 'VariableName' && a[i + 1]?.name === 'AssignOp' && a[i + 2]) {
          kw.push({ name: l.text(c), v: lowerExpr(l, a[i + 2]!) });
          i += 2;
        } else if (c.name === '*' || c.name === '**') {
          if (a[i + 1]) args.push(lowerExpr(l, a[++i]!));
        } else args.push(lowerExpr(l, c));
      }
      return { k: 'call', f, args, kw, loc };
    }
    case 'BinaryExpression': {
      const [a, op, b] = [k[0], k[1], k[2]];
      if (!a || !op || !b) return { k: 'union', parts: k.map((c) => lowerExpr(l, c)) };
      const o = l.text(op);
      const x = lowerExpr(l, a);
      const y = lowerExpr(l, b);
      if (o === '+' || o === '%') return { k: 'concat', parts: [x, y] };
      if (o === '/') return { k: 'concat', parts: [x, y], sep: '/' };
      if (op.name === 'CompareOp' || o === 'in' || o === 'is' || o === 'not') return { k: 'lit' };
      return { k: 'union', parts: [x, y] };
    }
    case 'UnaryExpression':
      return l.text(k[0] ?? n).trim() === 'not' ? { k: 'lit' } : { k: 'union', parts: k.slice(1).map((c) => lowerExpr(l, c)) };
    case 'ParenthesizedExpression':
    case 'AwaitExpression':
    case 'YieldExpression': {
      const inner = k.filter((c) => !PUNCT.has(c.name) && c.name !== 'await' && c.name !== 'yield' && c.name !== 'from');
      return inner.length === 1 ? lowerExpr(l, inner[0]!) : { k: 'union', parts: inner.map((c) => lowerExpr(l, c)) };
    }
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'SetExpression':
      return { k: 'arr', items: k.filter((c) => !PUNCT.has(c.name) && c.name !== '*').map((c) => lowerExpr(l, c)) };
    case 'DictionaryExpression': {
      const props: Array<{ key: string | null; v: Expr }> = [];
      const items = k.filter((c) => !PUNCT.has(c.name));
      for (let i = 0; i < items.length; i++) {
        const c = items[i]!;
        if (c.name === '**') {
          if (items[i + 1]) props.push({ key: null, v: lowerExpr(l, items[++i]!) });
          continue;
        }
        const v = items[i + 1];
        i++;
        props.push({ key: c.name === 'String' ? unquote(l.text(c)) : null, v: v ? lowerExpr(l, v) : { k: 'unknown' } });
        if (c.name !== 'String') props.push({ key: null, v: lowerExpr(l, c) });
      }
      return { k: 'obj', props };
    }
    case 'ConditionalExpression':
      return { k: 'union', parts: [k[0], k[4]].filter((c): c is SyntaxNode => !!c).map((c) => lowerExpr(l, c)) };
    case 'LambdaExpression': {
      const params = l.params(k.find((c) => c.name === 'ParamList') ?? null);
      const body = k[k.length - 1];
      return {
        k: 'fn',
        fn: {
          id: `lambda@${loc.line}:${loc.col}`,
          name: 'lambda',
          params,
          body: body ? [{ k: 'return', e: lowerExpr(l, body), loc }] : [],
          loc,
          decorated: false,
          exported: false,
        },
      };
    }
    case 'NamedExpression': {
      const v = k[2] ? lowerExpr(l, k[2]) : ({ k: 'unknown' } as Expr);
      if (k[0]) l.pre.push({ k: 'assign', t: { k: 'name', n: l.text(k[0]) }, v, loc });
      return k[0] ? { k: 'name', n: l.text(k[0]), loc } : v;
    }
    default:
      // Comprehensions, starred, slices, error nodes: everything inside may flow into the result.
      return { k: 'union', parts: k.filter((c) => !PUNCT.has(c.name) && /^[A-Z]/.test(c.name)).map((c) => lowerExpr(l, c)) };
  }
}

function formatString(l: Lower, n: SyntaxNode, k: SyntaxNode[]): Expr {
  const raw = l.text(n);
  const m = /^([a-zA-Z]{0,2})('''|"""|'|")/.exec(raw);
  const open = m ? m[0].length : 0;
  const close = m && raw.endsWith(m[2]!) && raw.length >= open + m[2]!.length ? m[2]!.length : 0;
  const start = n.from + open;
  const end = n.to - close;
  const parts: Expr[] = [];
  let pos = start;
  for (const c of k) {
    if (c.name !== 'FormatReplacement') continue;
    if (c.from > pos) parts.push({ k: 'str', v: l.src.slice(pos, c.from).replace(/\{\{/g, '{').replace(/\}\}/g, '}') });
    const inner = l.kids(c).find((x) => !PUNCT.has(x.name) && !/^Format(?:Spec|Conversion)/.test(x.name));
    parts.push(inner ? lowerExpr(l, inner) : { k: 'unknown' });
    pos = c.to;
  }
  if (end > pos) parts.push({ k: 'str', v: l.src.slice(pos, end).replace(/\{\{/g, '{').replace(/\}\}/g, '}') });
  return { k: 'concat', parts };
}
