/**
 * Calls: the skill's own functions through summaries (parameters that reach sinks, parameters that
 * choose destinations, returns), classes through their constructors, string methods, and external
 * APIs through the language catalogue.
 */
import { fileDetail } from './effects.js';
import type { Site } from './effects.js';
import { fxOf, siteAt } from './emit.js';
import { dataOf, evalExpr, memberOf } from './expr.js';
import { addParamSink } from './frame.js';
import type { DestSink, Frame } from './frame.js';
import type { Expr, Loc } from './ir.js';
import { bareHost, classifyPath, hostFromText, showPath } from './paths.js';
import { addStep, concat, elementsOf, join, knownText, mergeTaints, union } from './values.js';
import type { FnValue, Step, Taint, Val } from './values.js';

/** Array methods that call their callback with each element in turn. */
const ITERATES = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
  'each',
  'each_with_index',
  'select',
  'reject',
  'collect',
]);

/** APIs that register a handler the outside world calls: tools, routes, commands, request handlers. */
const REGISTERS = /\.(?:tool|registerTool|addTool|setRequestHandler|handle|route|get|post|put|patch|delete|command|action)$/;

const STRING_METHODS = new Set([
  'format',
  'join',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'encode',
  'decode',
  'replace',
  'trim',
  'concat',
  'split',
  'toLowerCase',
  'toUpperCase',
  'padStart',
  'padEnd',
  'slice',
  'substring',
  'format_map',
]);

function plainData(v: Val): boolean {
  return !v.ref && !v.fn && !v.inst && !v.cls && !v.module && !v.obj;
}

export function evalCall(f: Frame, e: Extract<Expr, { k: 'call' }>): Val {
  let recv: Val | null = null;
  let callee: Val;
  if (e.f.k === 'member') {
    recv = evalExpr(f, e.f.o);
    callee = memberOf(f, recv, e.f.p, e.f.sub, e.loc);
  } else callee = evalExpr(f, e.f);
  const args = e.args.map((a) => evalExpr(f, a));
  const kw = new Map(e.kw.map((k) => [k.name, evalExpr(f, k.v)] as const));
  const method = e.f.k === 'member' ? e.f.p : null;
  if (recv && method && STRING_METHODS.has(method) && plainData(recv) && !callee.fn) {
    if (method === 'join' && recv.s !== undefined) {
      const items = args[0]?.props ? [...args[0].props.values()] : args;
      return concat(
        items.map((a) => dataOf(f, a, e.loc)),
        recv.s,
      );
    }
    if (method === 'format' || method === 'concat' || method === 'format_map') return concat([recv, ...args, ...kw.values()]);
    return union([recv, ...args]);
  }
  if (callee.fn) return callFn(f, callee.fn, args, kw, e.loc, callee.bound ?? null);
  if (callee.cls) return construct(f, callee, args, kw, e.loc);
  if (callee.ref) return callApi(f, { ref: callee.ref, args, kw, recv, loc: e.loc, isNew: e.isNew ?? false });
  if (method && recv && (recv.inst || recv.module)) return { t: recv.t };
  // `x.pipe(stream)` into a file or connection the model knows, whatever x is (a response, a child's output).
  if (method === 'pipe' && recv && args[0]?.obj) return callApi(f, { ref: 'stream.pipe', args, kw, recv, loc: e.loc, isNew: false });
  if (recv && (method === 'then' || method === 'catch' || method === 'finally') && args[0]?.fn) {
    fxOf(f).callback(args[0], [recv], siteAt('promise', e.loc));
    return { t: recv.t };
  }
  if (method) for (const m of f.prog.methodsNamed(method)) f.prog.rec.edge(f.unit, f.prog.unitOf(m), 'assumed');
  if (e.f.k === 'member' && e.f.p === null && recv && !plainData(recv))
    fxOf(f).call(siteAt('[computed]', e.loc), 'dynamic-call', 'calls a function chosen at run time; reachability is conservative');
  const items = method && ITERATES.has(method) && args[0]?.fn ? elementsOf(recv) : null;
  if (items) for (const [i, el] of items.entries()) callFn(f, args[0]!.fn!, [el, { t: [], s: String(i) }], new Map(), e.loc, args[0]!.bound ?? null);
  else for (const a of args) if (a.fn) fxOf(f).callback(a, [], siteAt('callback', e.loc));
  return union([callee, ...(recv ? [recv] : []), ...args.map((a) => dataOf(f, a, e.loc)), ...[...kw.values()].map((a) => dataOf(f, a, e.loc))]);
}

function callApi(f: Frame, site: Site): Val {
  const lang = f.mod.unit.lang;
  if ((site.ref === 'global.require' || site.ref === 'global.import') && site.args[0]?.s !== undefined) return fxOf(f).module(site.args[0].s);
  if (site.ref === 'global.require' || site.ref === 'global.import') {
    fxOf(f).sink(site, 'eval', 'loads a module whose name is computed at run time', {}, site.args[0] ? [{ v: site.args[0], pos: 'argument' }] : []);
    fxOf(f).call(site, 'dynamic-call', 'loads a module whose name is computed; reachability is conservative');
    return { t: site.args[0]?.t ?? [] };
  }
  const fx = fxOf(f);
  for (const [re, h] of f.prog.catalog(lang)) {
    if (!re.test(site.ref)) continue;
    const out = h(site, fx);
    if (out !== undefined) return out;
  }
  if (REGISTERS.test(site.ref)) for (const a of [...site.args, ...site.kw.values()]) if (a.fn) f.prog.expose(a.fn);
  for (const a of site.args) if (a.fn) fx.callback(a, [], site);
  for (const a of site.kw.values()) if (a.fn) fx.callback(a, [], site);
  const res = union([
    ...site.args.map((a) => dataOf(f, a, site.loc)),
    ...[...site.kw.values()].map((a) => dataOf(f, a, site.loc)),
    ...(site.recv ? [site.recv] : []),
  ]);
  return { ...res, ref: `${site.ref}()` };
}

function construct(f: Frame, callee: Val, args: Val[], kw: Map<string, Val>, loc: Loc): Val {
  const cls = callee.cls!;
  const inst: Val = { t: [], inst: cls };
  const ctor = cls.methods.get('__init__') ?? cls.methods.get('constructor');
  if (ctor) callFn(f, ctor, args, kw, loc, inst);
  return inst;
}

export function callFn(f: Frame, fnv: FnValue, args: Val[], kw: Map<string, Val>, loc: Loc, bound: Val | null): Val {
  const prog = f.prog;
  prog.rec.edge(f.unit, prog.unitOf(fnv), 'called');
  const sum = prog.summary(fnv);
  const params = fnv.fn.params;
  const selfFirst = f.mod.unit.lang === 'python' && !!fnv.cls && bound !== null && params.length > 0;
  const positional = selfFirst ? [bound!, ...args] : args;
  const actual: Val[] = params.map((p, i) => {
    if (p.rest) return union(positional.slice(i));
    return kw.get(p.name) ?? positional[i] ?? prog.defaultOf(fnv, i) ?? { t: [] };
  });
  const file = f.mod.unit.path;
  const step: Step = { file, line: loc.line, note: `${fnv.fn.name || 'function'}()` };
  for (const ps of sum.paramSinks) {
    for (const t of actual[ps.param]?.t ?? []) {
      const through: Taint = { src: t.src, enc: t.enc || ps.enc, steps: [...addStep(t, step).steps, ...ps.steps] };
      if (t.src.startsWith('param:'))
        addParamSink(f.sum, { param: Number(t.src.slice(6)), sink: ps.sink, pos: ps.pos, steps: through.steps, enc: through.enc });
      else prog.rec.flow(through, ps.sink, ps.pos, [], ps.sink.host);
    }
  }
  for (const ds of sum.destSinks) {
    const a = actual[ds.param];
    if (!a) continue;
    if (ds.verb !== undefined) {
      namePath(f, ds, a);
      continue;
    }
    const host = ds.bare ? (a.s !== undefined ? bareHost(a.s) : null) : hostFromText(knownText(a), a.s !== undefined);
    if (host) {
      prog.rec.host({ host, file, line: loc.line, sink: ds.sink.key, via: 'call-site' });
      ds.sink.host ??= host;
      for (const fl of prog.rec.flows.values()) if (fl.sink === ds.sink.key) fl.host ??= host;
    } else for (const l of a.lead ?? []) if (l.startsWith('param:')) f.sum?.destSinks.push({ param: Number(l.slice(6)), sink: ds.sink, bare: ds.bare });
  }
  // A function handed to one of the skill's own functions (`get(url, (res) => …)`) is called by it, as far
  // as anyone can tell: its body runs, conservatively reachable.
  for (const a of actual) if (a.fn && a.fn.fn !== fnv.fn) fxOf(f).callback(a, [], { ref: 'callback', args: [], kw: new Map(), recv: null, loc, isNew: false });
  if (bound?.inst) {
    for (const [k, v] of sum.fieldWrites) {
      const sv = substitute(v, actual, step);
      const old = bound.inst.fields.get(k);
      bound.inst.fields.set(k, old ? join(old, sv) : sv);
    }
  }
  return substitute(sum.ret, actual, step);
}

function substitute(v: Val, actual: Val[], step: Step): Val {
  const only = v.t.length === 1 && v.t[0]!.src.startsWith('param:') && v.s === undefined && v.pre === undefined && v.lead?.[0] === v.t[0]!.src;
  if (only) {
    const a = actual[Number(v.t[0]!.src.slice(6))];
    if (a) return { ...a, t: a.t.map((t) => ({ ...addStep(t, step), steps: [...addStep(t, step).steps, ...v.t[0]!.steps] })) };
  }
  let t: Taint[] = [];
  let lead: string[] | undefined;
  for (const x of v.t) {
    if (!x.src.startsWith('param:')) {
      t = mergeTaints(t, [x]);
      continue;
    }
    const a = actual[Number(x.src.slice(6))];
    if (!a) continue;
    t = mergeTaints(
      t,
      a.t.map((y) => ({ src: y.src, enc: y.enc || x.enc, steps: [...addStep(y, step).steps, ...x.steps] })),
    );
    if (v.lead?.includes(x.src)) lead = [...(lead ?? []), ...(a.lead ?? a.t.map((y) => y.src))];
  }
  const out: Val = { ...v, t };
  if (lead) out.lead = lead;
  else delete out.lead;
  return out;
}

/** How much a file sink's place matters, to keep the most telling of several call sites. */
const PLACE_RANK: Record<string, number> = { credential: 4, startup: 4, home: 3, system: 2 };

/** A call site names the file a function writes or deletes through its parameter: the sink shows the worst one. */
function namePath(f: Frame, ds: DestSink, a: Val): void {
  const text = knownText(a);
  if (text === undefined) {
    for (const l of a.lead ?? []) if (l.startsWith('param:') && a.lead!.length === 1) f.sum?.destSinks.push({ ...ds, param: Number(l.slice(6)) });
    return;
  }
  const exact = a.s !== undefined;
  const cls = classifyPath(text, exact);
  if ((PLACE_RANK[cls.location] ?? 0) <= (PLACE_RANK[ds.sink.location ?? ''] ?? 0)) return;
  ds.sink.path = showPath(text, exact);
  ds.sink.location = cls.location;
  ds.sink.detail = fileDetail(ds.verb!, ds.sink.path, cls.location);
}
