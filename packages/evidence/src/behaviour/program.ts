/**
 * The skill as a program: its files as modules (loaded once, imports between them resolved), every
 * function's summary computed once on first use, and every function interpreted at least once so
 * that code nothing calls still shows its behaviour (marked unreachable later).
 */
import type { BehaviourLang } from '@sigma/core';
import { JS } from './catalog-js.js';
import { PYTHON } from './catalog-python.js';
import { SHELL } from './catalog-shell.js';
import { OTHER } from './catalog-other.js';
import type { Handler } from './effects.js';
import { callFn, evalCall } from './call.js';
import { dataOf, evalExpr, memberOf } from './expr.js';
import type { Evaluator, FileUnit, Frame, ModuleState, ProgramApi, Summary } from './frame.js';
import { fnUnit, topUnit } from './frame.js';
import { assign, bindFn, execBlock } from './interp.js';
import type { FnIR } from './ir.js';
import { Recorder } from './record.js';
import { Scope } from './values.js';
import type { FnValue, Val } from './values.js';

/** Parameters of tool handlers with these names carry what the agent runtime passes in (weak source). */
const CONTEXT_PARAM = /^(?:conversation|transcript|chat_?history|messages|history|context|chat_?log)$/i;
const JS_EXT = ['', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx', '.mts', '.cts', '/index.js', '/index.ts', '/index.mjs'];

export class Program implements ProgramApi {
  readonly rec = new Recorder();
  readonly ev: Evaluator = { evalCall, callFn, bindFn, dataOf, memberOf };
  readonly files = new Map<string, FileUnit>();
  readonly modules = new Map<string, ModuleState>();
  readonly summaries = new Map<FnIR, Summary>();
  readonly fns = new Map<string, FnValue>();
  readonly written = new Map<string, Val>();
  private readonly methods = new Map<string, FnValue[]>();
  /** Functions handed to an external registration API (a tool, route or command handler). */
  readonly exposedFns = new Set<FnIR>();

  constructor(units: FileUnit[]) {
    for (const u of units) this.files.set(u.path, u);
  }

  catalog(lang: BehaviourLang): Array<[RegExp, Handler]> {
    return lang === 'python' ? PYTHON : lang === 'shell' ? SHELL : lang === 'go' || lang === 'ruby' || lang === 'powershell' ? OTHER : JS;
  }

  run(order: string[]): void {
    for (const p of order) this.loadModule(p);
    for (let round = 0; round < 20; round++) {
      const pending = [...this.fns.values()].filter((f) => !this.summaries.has(f.fn));
      if (pending.length === 0) break;
      for (const f of pending) this.summary(f);
    }
  }

  loadModule(path: string): ModuleState | null {
    const have = this.modules.get(path);
    if (have) return have;
    const unit = this.files.get(path);
    if (!unit) return null;
    const mod: ModuleState = { unit, scope: new Scope(null), exports: new Map(), cjs: null, done: false, imports: new Set() };
    this.modules.set(path, mod);
    const frame: Frame = { prog: this, mod, unit: topUnit(path), scope: mod.scope, dead: false, weak: 0, sum: null, self: null, cls: null };
    execBlock(frame, unit.lowered.body);
    mod.done = true;
    return mod;
  }

  resolve(from: FileUnit, spec: string): string | null {
    const dir = from.path.includes('/') ? from.path.slice(0, from.path.lastIndexOf('/')) : '';
    if (from.lang === 'python') return this.resolvePython(dir, spec);
    if (from.lang === 'shell') return this.pick([join(dir, spec), normalise(spec)]);
    if (!/^\.{1,2}\//.test(spec)) return null;
    const base = join(dir, spec);
    const stem = base.replace(/\.(?:js|mjs|cjs|jsx)$/, '');
    return this.pick([...JS_EXT.map((e) => base + e), ...JS_EXT.map((e) => stem + e)].filter((p) => this.files.get(p)?.lang !== 'python'));
  }

  private resolvePython(dir: string, spec: string): string | null {
    const dots = /^\.*/.exec(spec)![0].length;
    const rest = spec.slice(dots).replace(/\./g, '/');
    const cands = (base: string): string[] => (rest ? [join(base, `${rest}.py`), join(base, `${rest}/__init__.py`)] : [join(base, '__init__.py')]);
    if (dots > 0) {
      let base = dir;
      for (let i = 1; i < dots; i++) base = base.includes('/') ? base.slice(0, base.lastIndexOf('/')) : '';
      return this.pick(cands(base));
    }
    const direct = this.pick([...cands(dir), ...cands('')]);
    if (direct) return direct;
    const tail = `/${rest}.py`;
    const found = [...this.files.keys()].filter((p) => p.endsWith(tail));
    return found.length === 1 ? found[0]! : null;
  }

  private pick(cands: string[]): string | null {
    for (const c of cands) if (this.files.has(c)) return c;
    return null;
  }

  registerFn(fnv: FnValue): string {
    const unit = this.unitOf(fnv);
    if (!this.fns.has(unit)) {
      this.fns.set(unit, fnv);
      if (fnv.cls) {
        const list = this.methods.get(fnv.fn.name) ?? [];
        list.push(fnv);
        this.methods.set(fnv.fn.name, list);
      }
    }
    return unit;
  }

  unitOf(fnv: FnValue): string {
    return fnUnit(fnv.file, fnv.fn.id);
  }

  methodsNamed(name: string): FnValue[] {
    return this.methods.get(name) ?? [];
  }

  exportOf(path: string, name: string | null): Val {
    const mod = this.loadModule(path);
    if (!mod) return { t: [] };
    if (name === null) return { t: [], module: path };
    if (mod.unit.lang !== 'python') {
      const v = mod.exports.get(name) ?? (name === 'default' ? (mod.cjs ?? { t: [], module: path }) : mod.cjs?.props?.get(name));
      if (v) return v;
    }
    return mod.scope.vars.get(name) ?? { t: [] };
  }

  /** Marks a function as called from outside with values the skill does not choose (before its summary). */
  expose(fnv: FnValue): void {
    if (!this.summaries.has(fnv.fn)) this.exposedFns.add(fnv.fn);
  }

  /**
   * Whether the function's parameters come from outside the skill: a decorated or exported function,
   * a handler given to a registration API, or (Python) a public function at a module's top level, which
   * any caller can import. Whether the skill itself calls it is decided later (build.ts).
   */
  private exposed(fnv: FnValue, mod: ModuleState): boolean {
    if (fnv.fn.decorated || fnv.fn.exported || this.exposedFns.has(fnv.fn)) return true;
    return mod.unit.lang === 'python' && !fnv.cls && fnv.scope === mod.scope && !fnv.fn.name.startsWith('_');
  }

  summary(fnv: FnValue): Summary {
    const have = this.summaries.get(fnv.fn);
    if (have) return have;
    const sum: Summary = { ret: { t: [] }, paramSinks: [], destSinks: [], fieldWrites: new Map(), busy: true };
    this.summaries.set(fnv.fn, sum);
    const mod = this.modules.get(fnv.file) ?? this.loadModule(fnv.file);
    if (!mod) return sum;
    const scope = new Scope(fnv.scope);
    const self: Val | null = fnv.cls ? { t: [], inst: fnv.cls } : null;
    const frame: Frame = { prog: this, mod, unit: this.unitOf(fnv), scope, dead: false, weak: 0, sum, self, cls: fnv.cls ?? null };
    const pySelf = mod.unit.lang === 'python' && !!fnv.cls;
    const exposed = this.exposed(fnv, mod);
    fnv.fn.params.forEach((p, i) => {
      let v: Val = i === 0 && pySelf ? self! : { t: [{ src: `param:${i}`, steps: [], enc: false }], lead: [`param:${i}`] };
      if (exposed && !(i === 0 && pySelf) && !CONTEXT_PARAM.test(p.name)) {
        const ev = this.rec.event({
          kind: 'source',
          category: 'input',
          detail: `receives ${p.name} from its caller (a parameter of ${fnv.fn.name || 'a handler'}, which the skill exposes)`,
          api: 'parameter',
          file: fnv.file,
          line: fnv.fn.loc.line,
          col: fnv.fn.loc.col,
          unit: frame.unit,
          dead: false,
          name: p.name,
        });
        v = { ...v, t: [...v.t, { src: ev.key, enc: false, steps: [{ file: fnv.file, line: fnv.fn.loc.line, note: `parameter ${p.name}` }] }] };
      }
      if ((fnv.fn.decorated || fnv.fn.exported) && CONTEXT_PARAM.test(p.name)) {
        const ev = this.rec.event({
          kind: 'source',
          category: 'conversation',
          detail: `receives ${p.name} from the agent runtime (a tool handler's parameter)`,
          api: 'parameter',
          file: fnv.file,
          line: fnv.fn.loc.line,
          col: fnv.fn.loc.col,
          unit: frame.unit,
          dead: false,
        });
        v = { ...v, t: [...v.t, { src: ev.key, enc: false, steps: [{ file: fnv.file, line: fnv.fn.loc.line, note: p.name }] }] };
      }
      if (p.pattern) assign(frame, p.pattern, v, fnv.fn.loc);
      else scope.set(p.name, v);
    });
    execBlock(frame, fnv.fn.body);
    sum.busy = false;
    return sum;
  }

  /** The value of a parameter's default, evaluated where the function was defined. */
  defaultOf(fnv: FnValue, i: number): Val | null {
    const d = fnv.fn.params[i]?.default;
    const mod = this.modules.get(fnv.file);
    if (!d || !mod) return null;
    const frame: Frame = { prog: this, mod, unit: this.unitOf(fnv), scope: fnv.scope, dead: false, weak: 0, sum: null, self: null, cls: null };
    return evalExpr(frame, d);
  }
}

function normalise(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function join(dir: string, rel: string): string {
  return normalise(dir ? `${dir}/${rel}` : rel);
}
