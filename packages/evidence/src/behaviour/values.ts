/**
 * The abstract values the interpreter computes: which sources a value carries (taints, each with the
 * steps it took), what is known of its text (exact constant or constant prefix), and what it is when
 * it is not plain data (an external API, one of the skill's functions or classes, a stateful object
 * such as a socket or an open file).
 */
import type { FnIR } from './ir.js';

export interface Step {
  file: string;
  line: number;
  note: string;
}

/** `src` is a source event key, or `param:<i>` inside a function summary. */
export interface Taint {
  src: string;
  steps: Step[];
  enc: boolean;
}

export interface FnValue {
  file: string;
  fn: FnIR;
  /** The scope the function closes over. */
  scope: Scope;
  cls?: ClassValue;
}

export interface ClassValue {
  file: string;
  name: string;
  methods: Map<string, FnValue>;
  bases: Val[];
  /** Fields written through `self.x = …` / `this.x = …`, merged over every instance. */
  fields: Map<string, Val>;
}

/** Stateful external objects: a connection remembers its destination, a file its path and mode. */
export interface ObjCell {
  api: string;
  dest?: Val;
  path?: Val;
  write?: boolean;
  /** Headers and body remembered by request objects and clients (sent with every request). */
  headers?: Val;
  body?: Val;
  bare?: boolean;
}

export interface Val {
  t: Taint[];
  /** Exact constant text. */
  s?: string;
  /** A boolean literal (`shell=True`). */
  b?: boolean;
  /** The constants the value is one of, when it is one of a few (2–4) and `s` is not known. */
  alts?: string[];
  /** Known constant prefix when the whole text is not known. */
  pre?: string;
  /** Taint sources that occupy the start of the text (they choose a destination rather than ride in it). */
  lead?: string[];
  /** Qualified external API this value is (`requests.Session()`, `os.environ`, `global.fetch`). */
  ref?: string;
  fn?: FnValue;
  /** The receiver a method value is bound to (`obj.method`). */
  bound?: Val;
  cls?: ClassValue;
  inst?: ClassValue;
  obj?: ObjCell;
  /** Known fields of literals and of module namespaces. */
  props?: Map<string, Val>;
  /** Another of the skill's files, imported as a namespace. */
  module?: string;
  /** The pieces a string was built from (at most 64), so commands and URLs can be read word by word. */
  parts?: Val[];
}

export class Scope {
  readonly vars = new Map<string, Val>();
  constructor(readonly parent: Scope | null) {}
  get(n: string): Val | undefined {
    return this.vars.get(n) ?? this.parent?.get(n);
  }
  set(n: string, v: Val): void {
    this.vars.set(n, v);
  }
}

export const EMPTY: Val = Object.freeze({ t: [] }) as Val;
export const SKILL_DIR = '<skill>';
const MAX_STEPS = 24;

export function str(s: string): Val {
  return { t: [], s };
}

export function tainted(v: Val): boolean {
  return v.t.length > 0;
}

export function mergeTaints(a: Taint[], b: Taint[]): Taint[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = a.slice();
  for (const t of b) if (!out.some((x) => x.src === t.src && x.enc === t.enc)) out.push(t);
  return out;
}

export function withStep(v: Val, step: Step): Val {
  if (v.t.length === 0) return v;
  return { ...v, t: v.t.map((t) => addStep(t, step)) };
}

export function addStep(t: Taint, step: Step): Taint {
  const last = t.steps[t.steps.length - 1];
  if (last && last.file === step.file && last.line === step.line) return t;
  if (t.steps.length >= MAX_STEPS) return t;
  return { ...t, steps: [...t.steps, step] };
}

export function encode(v: Val): Val {
  return { t: v.t.map((t) => ({ ...t, enc: true })) };
}

/** A value that carries the taints of `parts` and nothing else known (results of unknown functions). */
export function union(parts: Val[]): Val {
  let t: Taint[] = [];
  for (const p of parts) t = mergeTaints(t, p.t);
  return { t };
}

/** Merge of alternatives (branches): constant text survives only when every side agrees. */
/** A value nothing is known about (an empty slot, a fresh field). */
export function isBlank(v: Val): boolean {
  return v.t.length === 0 && v.s === undefined && v.pre === undefined && !v.ref && !v.fn && !v.cls && !v.inst && !v.obj && !v.props && !v.module;
}

export function join(a: Val, b: Val): Val {
  if (a === b || isBlank(b)) return a;
  if (isBlank(a)) return b;
  const out: Val = { ...a, t: mergeTaints(a.t, b.t) };
  if (a.s !== b.s) {
    delete out.s;
    const pa = a.s ?? a.pre;
    const pb = b.s ?? b.pre;
    if (pa !== undefined && pb !== undefined) out.pre = commonPrefix(pa, pb);
    else delete out.pre;
  }
  if (b.lead) out.lead = [...new Set([...(a.lead ?? []), ...b.lead])];
  // Either of a few constants (`mac ? 'pbcopy' : 'xclip …'`): kept so a command can be read both ways.
  const xa = a.alts ?? (a.s !== undefined ? [a.s] : null);
  const xb = b.alts ?? (b.s !== undefined ? [b.s] : null);
  const alts = xa && xb ? [...new Set([...xa, ...xb])] : null;
  if (alts && alts.length > 1 && alts.length <= 4) out.alts = alts;
  else delete out.alts;
  if (!out.ref && b.ref) out.ref = b.ref;
  if (!out.fn && b.fn) out.fn = b.fn;
  if (!out.obj && b.obj) out.obj = b.obj;
  if (!out.inst && b.inst) out.inst = b.inst;
  if (a.props || b.props) {
    const props = new Map(a.props ?? []);
    for (const [k, v] of b.props ?? []) props.set(k, props.has(k) ? join(props.get(k)!, v) : v);
    out.props = props;
  }
  return out;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** String building: constants concatenate, the prefix stays known up to the first unknown part. */
export function concat(parts: Val[], sep = ''): Val {
  let t: Taint[] = [];
  let exact = true;
  let text = '';
  let pre: string | undefined;
  let lead: string[] | undefined;
  let first = true;
  for (const p of parts) {
    t = mergeTaints(t, p.t);
    if (!first && exact) text += sep;
    if (exact) {
      if (p.s !== undefined) text += p.s;
      else {
        exact = false;
        pre = text + (p.pre ?? '');
        if (text === '' && !p.pre) lead = p.lead ?? p.t.map((x) => x.src);
      }
    }
    if (first && p.s === '') continue;
    first = false;
  }
  const out: Val = { t };
  const flat = parts.flatMap((p, i) => [...(i > 0 && sep ? [str(sep)] : []), ...(p.parts && p.s === undefined ? p.parts : [p])]);
  if (!exact && flat.length <= 64) out.parts = flat;
  if (exact) out.s = text;
  else if (pre) out.pre = pre;
  if (lead && lead.length > 0) out.lead = lead;
  const head = parts[0];
  if (head?.ref && /(?:^|\.)(?:Path|PurePath|PosixPath|URL)\(\)$/.test(head.ref)) out.ref = head.ref;
  return out;
}

/** The known leading text of a value. */
export function knownText(v: Val): string | undefined {
  return v.s ?? v.pre;
}

/** Renders a partially known value for reports: unknown parts as `…`. */
export function render(v: Val): string | null {
  if (v.s !== undefined) return v.s;
  if (v.parts) return v.parts.map((p) => (p.s !== undefined ? p.s : p.pre !== undefined ? `${p.pre}…` : '…')).join('');
  if (v.props && v.props.has('0')) {
    const items: string[] = [];
    for (let i = 0; v.props.has(String(i)) && i < 64; i++) items.push(render(v.props.get(String(i))!) ?? '…');
    return items.join(' ');
  }
  if (v.pre !== undefined) return `${v.pre}…`;
  return null;
}

export function sources(v: Val): Taint[] {
  return v.t.filter((t) => !t.src.startsWith('param:'));
}

export function paramIndex(src: string): number | null {
  return src.startsWith('param:') ? Number(src.slice(6)) : null;
}

/** The elements of a literal list (at most 8), each run through the loop body or callback on its own. */
export function elementsOf(v: Val | null | undefined): Val[] | null {
  if (!v?.props?.has('0')) return null;
  const out: Val[] = [];
  for (let i = 0; v.props.has(String(i)); i++) {
    if (i >= 8) return null;
    out.push(v.props.get(String(i))!);
  }
  return out.length === v.props.size ? out : null;
}

/** The command texts a value may be: each alternative constant, or the value itself. */
export function eachText(v: Val): Val[] {
  return v.s === undefined && v.alts ? v.alts.map((s) => ({ t: v.t, s })) : [v];
}
