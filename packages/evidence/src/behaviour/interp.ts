/**
 * Statements: bindings, destructuring, functions and classes, imports and exports, branches (merged),
 * loops (run twice), `with` blocks, returns (the rest of the block is dead).
 */
import { dataOf, evalExpr, memberOf } from './expr.js';
import type { Frame } from './frame.js';
import { mainUnit } from './frame.js';
import type { FnIR, Loc, Stmt, Target } from './ir.js';
import { Scope, elementsOf, isBlank, join, mergeTaints, withStep } from './values.js';
import type { ClassValue, FnValue, Val } from './values.js';

export function execBlock(f: Frame, body: Stmt[]): boolean {
  hoist(f, body);
  let stopped = false;
  const was = f.dead;
  for (const s of body) {
    if (stopped) f.dead = true;
    if (execStmt(f, s)) stopped = true;
  }
  f.dead = was;
  return stopped;
}

function hoist(f: Frame, body: Stmt[]): void {
  for (const s of body) if (s.k === 'def') bindFn(f, s.name, s.fn);
}

export function bindFn(f: Frame, name: string, fn: FnIR): Val {
  const fnv: FnValue = { file: f.mod.unit.path, fn, scope: f.scope, ...(f.cls ? { cls: f.cls } : {}) };
  const unit = f.prog.registerFn(fnv);
  if (fn.decorated) f.prog.rec.edge(f.unit, unit, 'assumed');
  const v: Val = { t: [], fn: fnv };
  if (name) f.scope.set(name, v);
  if (fn.exported && name) f.mod.exports.set(name, v);
  return v;
}

function execStmt(f: Frame, s: Stmt): boolean {
  if ('loc' in s) f.cur = s.loc;
  switch (s.k) {
    case 'assign': {
      let v = evalExpr(f, s.v);
      if (s.augment && s.t.k === 'name') {
        const old = f.scope.get(s.t.n);
        if (old) v = { ...join(old, v), t: mergeTaints(old.t, v.t) };
      }
      assign(f, s.t, v, s.loc);
      return false;
    }
    case 'expr':
      evalExpr(f, s.e);
      return false;
    case 'return': {
      const v = s.e ? evalExpr(f, s.e) : { t: [] };
      if (f.sum && !f.dead) f.sum.ret = join(f.sum.ret, withStep(v, { file: f.mod.unit.path, line: s.loc.line, note: 'returned' }));
      return true;
    }
    case 'stop':
      return true;
    case 'def':
      return false;
    case 'class':
      defineClass(f, s);
      return false;
    case 'import':
      importInto(f, s.module, s.names, s.loc);
      return false;
    case 'export':
      for (const n of s.names) {
        let v: Val | undefined;
        if (s.from !== undefined) {
          const path = f.prog.resolve(f.mod.unit, s.from);
          v = path ? f.prog.exportOf(path, n.local === '*' ? null : n.local) : { t: [], ref: normaliseModule(s.from) + (n.local === '*' ? '' : `.${n.local}`) };
        } else v = f.scope.get(n.local);
        if (v) f.mod.exports.set(n.as, v);
      }
      return false;
    case 'branch': {
      if (s.main) {
        const g: Frame = { ...f, unit: mainUnit(f.mod.unit.path) };
        execBlock(g, s.bodies[0] ?? []);
        return false;
      }
      if (s.test) evalExpr(f, s.test);
      let all = s.bodies.length > 1;
      s.bodies.forEach((b, i) => {
        const g: Frame = { ...f, weak: f.weak + 1, dead: f.dead || (s.dead?.[i] ?? false) };
        if (!execBlock(g, b)) all = false;
      });
      return all && s.bodies.length > 1;
    }
    case 'loop': {
      const raw = s.iter ? evalExpr(f, s.iter) : null;
      const iter = raw ? dataOf(f, raw, s.loc) : { t: [] };
      const g: Frame = { ...f, weak: f.weak + 1 };
      // A literal list's elements each run the body (nested at most twice), so paths built from them stay known.
      const items = f.weak < 2 ? elementsOf(raw) : null;
      if (items) {
        for (let pass = 0; pass < 2; pass++)
          for (const el of items) {
            assign({ ...g, weak: f.weak }, s.t, el, s.loc);
            execBlock(g, s.body);
          }
        return false;
      }
      for (let pass = 0; pass < 2; pass++) {
        assign(g, s.t, { t: iter.t, ...(iter.props?.get('0') ? {} : {}) }, s.loc);
        execBlock(g, s.body);
      }
      return false;
    }
    case 'with':
      for (const it of s.items) assign(f, it.t, evalExpr(f, it.e), s.loc);
      return execBlock(f, s.body);
  }
}

export function assign(f: Frame, t: Target, v: Val, loc: Loc): void {
  switch (t.k) {
    case 'none':
      return;
    case 'name': {
      const stepped = withStep(v, { file: f.mod.unit.path, line: loc.line, note: t.n });
      const old = f.weak > 0 ? f.scope.vars.get(t.n) : undefined;
      f.scope.set(t.n, old ? join(old, stepped) : stepped);
      return;
    }
    case 'destructure':
      for (const it of t.items) assign(f, it.t, it.key === null ? v : memberOf(f, v, it.key, true, loc), loc);
      return;
    case 'member': {
      const o = evalExpr(f, t.o);
      const p = t.p;
      if (o.ref === '$module' && p === 'exports') {
        f.mod.cjs = v;
        if (v.props) for (const [k, x] of v.props) f.mod.exports.set(k, x);
        if (v.fn || v.cls) f.mod.exports.set('default', v);
        return;
      }
      if (o.ref === '$exports' && p) {
        f.mod.exports.set(p, v);
        return;
      }
      if (o.inst && p) {
        writeField(f, o.inst, p, v);
        return;
      }
      if (o.props && p !== null) {
        o.props.set(p, join(o.props.get(p) ?? { t: [] }, v));
        if (f.mod.cjs && o === f.mod.cjs) f.mod.exports.set(p, v);
      }
      if (t.o.k === 'name' && v.t.length > 0 && !o.ref) f.scope.set(t.o.n, { ...o, t: mergeTaints(o.t, v.t) });
      return;
    }
  }
}

function writeField(f: Frame, cls: ClassValue, p: string, v: Val): void {
  const hasParams = v.t.some((x) => x.src.startsWith('param:')) || (v.lead ?? []).some((x) => x.startsWith('param:'));
  if (hasParams && f.sum) {
    f.sum.fieldWrites.set(p, join(f.sum.fieldWrites.get(p) ?? { t: [] }, v));
    return;
  }
  const old = cls.fields.get(p);
  cls.fields.set(p, old && !isBlank(old) ? join(old, v) : v);
}

function defineClass(f: Frame, s: Extract<Stmt, { k: 'class' }>): void {
  const cls: ClassValue = { file: f.mod.unit.path, name: s.name, methods: new Map(), bases: s.bases.map((b) => evalExpr(f, b)), fields: new Map() };
  for (const base of cls.bases) if (base.cls) for (const [k, m] of base.cls.methods) cls.methods.set(k, m);
  const inner: Frame = { ...f, cls, scope: new Scope(f.scope) };
  for (const m of s.methods) {
    const v = bindFn({ ...inner, scope: f.scope }, '', m);
    cls.methods.set(m.name, v.fn!);
    if (s.decorated || s.exported) f.prog.rec.edge(f.unit, f.prog.unitOf(v.fn!), 'assumed');
  }
  execBlock(inner, s.body);
  for (const [k, v] of inner.scope.vars) if (!v.fn) cls.fields.set(k, v);
  const val: Val = { t: [], cls };
  f.scope.set(s.name, val);
  if (s.exported) f.mod.exports.set(s.name, val);
}

export function normaliseModule(spec: string): string {
  return spec.replace(/^node:/, '').replace(/\//g, '.');
}

function importInto(f: Frame, module: string, names: Array<{ name: string; as: string }>, loc: Loc): void {
  const path = f.prog.resolve(f.mod.unit, module);
  if (path) {
    f.mod.imports.add(path);
    f.prog.rec.edge(f.unit, `${path}#top`, 'called');
    f.prog.loadModule(path);
    for (const n of names) {
      const v = n.name === '*' ? { t: [], module: path } : f.prog.exportOf(path, n.name);
      f.scope.set(n.as, withStep(v, { file: f.mod.unit.path, line: loc.line, note: `import ${n.as}` }));
    }
    return;
  }
  if (module.startsWith('.') && f.mod.unit.lang !== 'shell')
    f.prog.rec.notes.add(`${f.mod.unit.path}:${loc.line}: import of ${module} does not resolve to a file of the skill`);
  const ref = normaliseModule(module);
  for (const n of names) {
    if (n.name === '*' || n.name === 'default') f.scope.set(n.as, { t: [], ref });
    else if (n.name === '*root') f.scope.set(n.as, { t: [], ref: ref.split('.')[0]! });
    else f.scope.set(n.as, { t: [], ref: `${ref}.${n.name}` });
  }
}
