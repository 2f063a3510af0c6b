/**
 * PEP 508 requirements (`name[extras] specifier ; marker`, `name @ url`) and environment markers,
 * PEP 503 name normalisation, and PEP 440 specifiers (through @renovatebot/pep440).
 */
import * as pep440 from '@renovatebot/pep440';
import type { TargetEnvironment } from './types.js';

export interface Requirement {
  /** PEP 503 normalised. */
  name: string;
  rawName: string;
  extras: string[];
  /** `>=1,<2` as written (parentheses removed), '' when none. */
  specifier: string;
  url: string | null;
  marker: MarkerNode | null;
}

export type MarkerNode = { op: 'and' | 'or'; left: MarkerNode; right: MarkerNode } | { op: 'cmp'; left: MarkerValue; cmp: string; right: MarkerValue };
type MarkerValue = { v: string; quoted: boolean };

export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

export class RequirementError extends Error {}

export function parseRequirement(text: string): Requirement {
  let rest = text.trim();
  const semi = splitMarker(rest);
  rest = semi.req.trim();
  const marker = semi.marker === null ? null : parseMarker(semi.marker);
  const m = NAME.exec(rest);
  if (!m) throw new RequirementError(`${JSON.stringify(text)} does not start with a project name`);
  const rawName = m[1]!;
  rest = rest.slice(rawName.length).trim();
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) throw new RequirementError('unclosed extras');
    extras = rest
      .slice(1, end)
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)
      .map(normalizePyName);
    if (extras.some((e) => !NAME.test(e))) throw new RequirementError('an extra is not a valid name');
    rest = rest.slice(end + 1).trim();
  }
  let url: string | null = null;
  let specifier = '';
  if (rest.startsWith('@')) {
    url = rest.slice(1).trim();
    if (!url) throw new RequirementError('`@` without a URL');
  } else {
    if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
    specifier = rest.replace(/\s+/g, '');
    if (specifier && !validSpecifier(specifier)) throw new RequirementError(`${JSON.stringify(rest)} is not a PEP 440 specifier`);
  }
  return { name: normalizePyName(rawName), rawName, extras, specifier, url, marker };
}

/** Splits at the first `;` outside quotes (a URL requirement needs whitespace before it, per PEP 508). */
function splitMarker(s: string): { req: string; marker: string | null } {
  let q: string | null = null;
  const isUrl = /^[^@;]*@/.test(s);
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === ';' && (!isUrl || /\s/.test(s[i - 1] ?? ''))) return { req: s.slice(0, i), marker: s.slice(i + 1) };
  }
  return { req: s, marker: null };
}

export function validSpecifier(spec: string): boolean {
  return spec.split(',').every((c) => /^(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+$/.test(c.trim())) && pep440.validRange(spec);
}

/** The exact version an `==1.2.3` / `===1.2.3` specifier fixes; null for anything else (including `==1.*`). */
export function exactPin(spec: string): string | null {
  const m = /^(===?)([A-Za-z0-9.+!_-]+)$/.exec(spec.trim());
  if (!m) return null;
  if (m[1] === '===') return m[2]!;
  return pep440.valid(m[2]!) ? m[2]! : null;
}

/** True when a specifier admits every release (`>=0`, `>=0.0`, `!=1.0` alone). */
export function pyMatchesEverything(spec: string): boolean {
  if (spec === '') return true;
  return pep440.satisfies('0', spec) && pep440.satisfies('999999999', spec);
}

/** PEP 440 matching; pre-releases only when asked for or when the specifier names one (pip's rule). */
export function pySatisfies(version: string, spec: string, prereleases = false): boolean {
  if (spec === '') return !pep440.explain(version)?.is_prerelease || prereleases;
  return pep440.satisfies(version, spec, { prereleases });
}

export function bestPyVersion(versions: string[], spec: string): string | null {
  const ok = versions.filter((v) => pep440.valid(v) && pySatisfies(v, spec));
  return ok.sort((a, b) => pep440.compare(b, a))[0] ?? null;
}

// ---- markers

type Tok = { t: 'str' | 'id' | 'op' | '(' | ')'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c, v: c });
      i++;
    } else if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new RequirementError('unclosed string in marker');
      out.push({ t: 'str', v: s.slice(i + 1, end) });
      i = end + 1;
    } else {
      const op = /^(?:===|==|!=|~=|<=|>=|<|>)/.exec(s.slice(i));
      if (op) {
        out.push({ t: 'op', v: op[0] });
        i += op[0].length;
        continue;
      }
      const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
      if (!id) throw new RequirementError(`unexpected ${JSON.stringify(c)} in marker`);
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
    }
  }
  return out;
}

export function parseMarker(text: string): MarkerNode {
  const toks = tokenize(text);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const orExpr = (): MarkerNode => {
    let left = andExpr();
    while (peek()?.t === 'id' && peek()!.v === 'or') {
      p++;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): MarkerNode => {
    let left = atom();
    while (peek()?.t === 'id' && peek()!.v === 'and') {
      p++;
      left = { op: 'and', left, right: atom() };
    }
    return left;
  };
  const value = (): MarkerValue => {
    const t = toks[p++];
    if (!t || (t.t !== 'str' && t.t !== 'id')) throw new RequirementError('marker value expected');
    return { v: t.v, quoted: t.t === 'str' };
  };
  const atom = (): MarkerNode => {
    if (peek()?.t === '(') {
      p++;
      const inner = orExpr();
      if (toks[p++]?.t !== ')') throw new RequirementError('unclosed parenthesis in marker');
      return inner;
    }
    const left = value();
    const t = toks[p++];
    let cmp: string;
    if (t?.t === 'op') cmp = t.v;
    else if (t?.t === 'id' && t.v === 'in') cmp = 'in';
    else if (t?.t === 'id' && t.v === 'not' && toks[p]?.t === 'id' && toks[p]!.v === 'in') {
      p++;
      cmp = 'not in';
    } else throw new RequirementError('marker operator expected');
    return { op: 'cmp', left, cmp, right: value() };
  };
  const node = orExpr();
  if (p !== toks.length) throw new RequirementError('trailing tokens in marker');
  return node;
}

const VERSION_VARS = new Set(['python_version', 'python_full_version', 'implementation_version']);

function markerEnv(target: TargetEnvironment): Record<string, string> {
  const py = target.python;
  return {
    python_version: py.version,
    python_full_version: py.fullVersion,
    implementation_version: py.fullVersion,
    os_name: py.osName,
    sys_platform: py.sysPlatform,
    platform_system: py.platformSystem,
    platform_machine: py.platformMachine,
    platform_python_implementation: py.implementationName === 'cpython' ? 'CPython' : py.implementationName,
    implementation_name: py.implementationName,
    platform_release: '',
    platform_version: '',
  };
}

/** Evaluates a marker for the target; `extras` are the extras asked for (the `extra` variable). */
export function evaluateMarker(node: MarkerNode, target: TargetEnvironment, extras: string[]): boolean {
  if (node.op !== 'cmp') {
    const l = evaluateMarker(node.left, target, extras);
    return node.op === 'and' ? l && evaluateMarker(node.right, target, extras) : l || evaluateMarker(node.right, target, extras);
  }
  const env = markerEnv(target);
  const name = (v: MarkerValue): string | null => (v.quoted ? null : v.v.replace(/^(os|sys|platform)\./, (_, a: string) => `${a}_`));
  const ln = name(node.left);
  const rn = name(node.right);
  if (ln === 'extra' || rn === 'extra') {
    const other = normalizePyName(ln === 'extra' ? node.right.v : node.left.v);
    const has = extras.includes(other);
    return node.cmp === '==' || node.cmp === '===' ? has : node.cmp === '!=' ? !has : false;
  }
  const resolve = (v: MarkerValue, n: string | null): string => (n === null ? v.v : (env[n] ?? ''));
  const l = resolve(node.left, ln);
  const r = resolve(node.right, rn);
  const versionish = (ln !== null && VERSION_VARS.has(ln)) || (rn !== null && VERSION_VARS.has(rn));
  switch (node.cmp) {
    case 'in':
      return r.includes(l);
    case 'not in':
      return !r.includes(l);
    case '===':
      return l === r;
  }
  if (versionish && pep440.valid(l) && pep440.valid(r)) return pep440.satisfies(l, `${node.cmp}${r}`);
  if (node.cmp === '==') return l === r;
  if (node.cmp === '!=') return l !== r;
  // Ordering of non-versions is undefined in PEP 508; treat as not matching.
  return false;
}
