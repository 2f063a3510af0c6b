/** Expressions: names (with each language's globals), members (environment reads live here), literals and string building. */
import { PYTHON_MEMBERS } from './catalog-python.js';
import { fxOf, siteAt } from './emit.js';
import type { Frame } from './frame.js';
import type { Expr, Loc } from './ir.js';
import { SKILL_DIR, concat, join, mergeTaints, union } from './values.js';
import type { Val } from './values.js';

/** Objects whose members are environment variables. */
export const ENV_OBJECT = /^(?:os\.environ|os\.environb|global\.process\.env|global\.Bun\.env|global\.__import_meta__\.env)$/;
const ENV_METHODS = new Set(['get', 'copy', 'items', 'keys', 'values', 'pop', 'setdefault', 'update', '__getitem__', 'hasOwnProperty']);
const GLOBAL_ALIASES = new Set(['global.window', 'global.globalThis', 'global.self', 'global.global']);
const NOWHERE: Loc = { line: 1, col: 0 };

function locOf(f: Frame, e: Expr): Loc {
  if ((e.k === 'name' || e.k === 'member') && e.loc) return e.loc;
  if (e.k === 'call') return e.loc;
  return f.cur ?? NOWHERE;
}

export function evalExpr(f: Frame, e: Expr): Val {
  switch (e.k) {
    case 'str':
      return { t: [], s: e.v };
    case 'lit':
      return e.b === undefined ? { t: [] } : { t: [], b: e.b };
    case 'skilldir':
      return { t: [], s: SKILL_DIR };
    case 'unknown':
      return { t: [] };
    case 'name':
      return lookup(f, e.n, e.loc ?? f.cur ?? NOWHERE);
    case 'member':
      return memberOf(f, evalExpr(f, e.o), e.p, e.sub, e.loc ?? f.cur ?? NOWHERE);
    case 'call':
      return f.prog.ev.evalCall(f, e);
    case 'concat':
      return concat(
        e.parts.map((p) => dataOf(f, evalExpr(f, p), locOf(f, p))),
        e.sep,
      );
    case 'obj': {
      const props = new Map<string, Val>();
      let t = [] as Val['t'];
      for (const p of e.props) {
        const v = dataOf(f, evalExpr(f, p.v), locOf(f, p.v));
        t = mergeTaints(t, v.t);
        if (p.key !== null) props.set(p.key, v);
        else if (v.props) for (const [k, x] of v.props) props.set(k, x);
      }
      return { t, props };
    }
    case 'arr': {
      const props = new Map<string, Val>();
      let t = [] as Val['t'];
      e.items.forEach((it, i) => {
        const v = dataOf(f, evalExpr(f, it), locOf(f, it));
        t = mergeTaints(t, v.t);
        props.set(String(i), v);
      });
      return { t, props };
    }
    case 'fn':
      return f.prog.ev.bindFn(f, '', e.fn);
    case 'union': {
      let out: Val = { t: [] };
      for (const p of e.parts) out = join(out, evalExpr(f, p));
      return out;
    }
  }
}

function lookup(f: Frame, n: string, loc: Loc): Val {
  const v = f.scope.get(n);
  if (v) return v;
  const lang = f.mod.unit.lang;
  if (lang === 'python') return { t: [], ref: `builtins.${n}` };
  if (lang === 'shell') {
    if (n.startsWith('$')) return { t: [], ref: n === '$cmd' ? 'cmd' : n };
    if (/^(?:\d+|[@*#?$!-])$/.test(n)) return { t: [] };
    return fxOf(f).source(siteAt(`$${n}`, loc), 'env', `reads environment variable ${n}`, { name: n });
  }
  if (n === 'this') return f.self ?? { t: [] };
  if (n === 'module') return { t: [], ref: '$module' };
  if (n === 'exports') return { t: [], ref: '$exports' };
  return { t: [], ref: `global.${n}` };
}

export function memberOf(f: Frame, o: Val, p: string | null, sub: boolean, loc: Loc): Val {
  const fx = fxOf(f);
  if (o.module) {
    if (p === null) {
      fx.call(
        siteAt('namespace[computed]', loc),
        'dynamic-call',
        'reads a member of a skill module by a computed name; its functions are treated as reachable',
      );
      return { t: [] };
    }
    return f.prog.exportOf(o.module, p);
  }
  if (o.inst || o.cls) {
    const cls = (o.inst ?? o.cls)!;
    if (p === null) {
      fx.call(siteAt(`${cls.name}[computed]`, loc), 'dynamic-call', `calls a member of ${cls.name} chosen at run time; its methods are treated as reachable`);
      return { t: o.t };
    }
    const m = cls.methods.get(p);
    if (m) return { t: [], fn: m, ...(o.inst ? { bound: o } : {}) };
    return cls.fields.get(p) ?? { t: o.t };
  }
  if (o.ref === '$module' && p === 'exports') return f.mod.cjs ?? { t: [], ref: '$exports' };
  if (p !== null && o.props?.has(p)) return o.props.get(p)!;
  if (o.ref) {
    if (ENV_OBJECT.test(o.ref)) {
      if (p !== null && !sub && ENV_METHODS.has(p) && f.mod.unit.lang === 'python') return { t: [], ref: `${o.ref}.${p}` };
      return fx.source(siteAt(o.ref, loc), 'env', `reads environment variable ${p ?? '(computed name)'}`, { name: p });
    }
    if (/^builtins\.(?:globals|locals|vars)\(\)$/.test(o.ref)) {
      if (p !== null) return f.scope.get(p) ?? { t: [] };
      fx.call(siteAt(o.ref, loc), 'dynamic-call', 'looks a function up by a computed name in globals(); reachability is conservative');
      return { t: [] };
    }
    if (GLOBAL_ALIASES.has(o.ref) && p) return { t: [], ref: `global.${p}` };
    const ref = `${o.ref}.${p ?? '?'}`;
    for (const [re, h] of PYTHON_MEMBERS) if (re.test(ref)) return h(o);
    return { t: o.t, ref };
  }
  if (o.fn && (p === 'bind' || p === 'call' || p === 'apply')) return o;
  if (p === 'length' || p === 'size') return { t: o.t };
  return { t: o.t };
}

/** A whole-environment object used as data becomes one `env *` read. */
export function dataOf(f: Frame, v: Val, loc: Loc): Val {
  if (v.ref && ENV_OBJECT.test(v.ref)) {
    const src = fxOf(f).source(siteAt(v.ref, loc), 'env', 'reads the whole environment', { name: '*' });
    return { ...src, t: mergeTaints(src.t, v.t) };
  }
  return v;
}

export { union };
