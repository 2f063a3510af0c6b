import { CRED_PATH, WALLET_PATH } from '../patterns.js';
import { memo } from '../unit.js';
import type { Unit } from '../unit.js';
import { jsAssignments, jsFunctions, pyAssignments, pyFunctions, wordRe } from './parse.js';
import type { Assign, Block } from './parse.js';
import { DECODE_SOURCE, ENV_SOURCE, FILE_SOURCE, harvestIn, JS_SEND, NET_SOURCE, PY_SEND } from './sources.js';
import type { Kind } from './sources.js';

/**
 * What the code rules share about one Python or JS/TS file: its views, assignments and functions,
 * and the taint of names (which kinds of data flow into them, through assignments and one level of
 * function summaries). Built once per unit, on first use.
 */
export interface CodeModel {
  py: boolean;
  /** Comments and string contents blanked. */
  code: string;
  /** Comments blanked, strings kept. */
  raw: string;
  assigns: Assign[];
  funcs: Block[];
  /** The send pattern of the language (global regex; reset `lastIndex` before `test`). */
  sendRe: RegExp;
  /** Functions whose body sends data out. */
  sendFuncs: Set<string>;
  /** Kinds of data an argument text carries: sources in it, tainted names, calls of source functions. */
  kindsIn(args: string): Set<Kind>;
}

/** The code model of a lexed Python or JS/TS unit. */
export function codeModel(u: Unit): CodeModel {
  return memo(u, 'code.model', () => buildModel(u));
}

function buildModel(u: Unit): CodeModel {
  const lx = u.lexed;
  if (!lx) throw new Error(`${u.file} is not lexed code`);
  const py = u.lang === 'python';
  const code = lx.code;
  const raw = lx.noComments;
  const assigns = py ? pyAssignments(code) : jsAssignments(code);
  const funcs = py ? pyFunctions(code) : jsFunctions(code);
  const taint = new Map<string, Set<Kind>>();
  const kindsOf = (text: string): Set<Kind> => {
    const k = new Set<Kind>();
    if (NET_SOURCE.test(text)) k.add('net');
    if (DECODE_SOURCE.test(text)) k.add('decode');
    if (ENV_SOURCE.test(text)) k.add('env');
    if (CRED_PATH.test(text) || WALLET_PATH.test(text)) k.add('cred');
    if (FILE_SOURCE.test(text)) k.add('file');
    return k;
  };
  // Functions whose body reads secrets: calling them is a source.
  const sourceFuncs = new Map<string, Set<Kind>>();
  const sendFuncs = new Set<string>();
  const sendRe = py ? PY_SEND : JS_SEND;
  for (const f of funcs) {
    const body = raw.slice(f.start, f.end);
    const k = kindsOf(body);
    k.delete('decode');
    k.delete('net');
    if (harvestIn(body, py)) k.add('harvest');
    if (k.size > 0 && /\breturn\b/.test(code.slice(f.start, f.end))) sourceFuncs.set(f.name, k);
    sendRe.lastIndex = 0;
    if (sendRe.test(code.slice(f.start, f.end))) sendFuncs.add(f.name);
  }
  const srcFuncRe = wordRe(sourceFuncs.keys());
  for (let pass = 0; pass < 3; pass++) {
    const tRe = wordRe(taint.keys());
    let changed = false;
    for (const a of assigns) {
      const rhs = raw.slice(a.rhsStart, a.rhsEnd);
      const k = kindsOf(rhs);
      if (tRe) {
        const m = tRe.exec(rhs);
        if (m) for (const kk of taint.get(m[0]) ?? []) k.add(kk);
      }
      if (srcFuncRe) {
        const m = srcFuncRe.exec(rhs);
        if (m) for (const kk of sourceFuncs.get(m[0]) ?? []) k.add(kk);
      }
      if (k.size === 0) continue;
      const prev = taint.get(a.name) ?? new Set<Kind>();
      const before = prev.size;
      for (const kk of k) prev.add(kk);
      if (prev.size !== before) {
        taint.set(a.name, prev);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const taintRe = wordRe(taint.keys());
  const kindsIn = (args: string): Set<Kind> => {
    const k = kindsOf(args);
    if (taintRe) {
      const re = new RegExp(taintRe.source, 'g');
      let m: RegExpExecArray | null;
      let n = 0;
      while ((m = re.exec(args)) !== null && n++ < 50) for (const kk of taint.get(m[0]) ?? []) k.add(kk);
    }
    if (srcFuncRe) {
      const m = srcFuncRe.exec(args);
      if (m) for (const kk of sourceFuncs.get(m[0]) ?? []) k.add(kk);
    }
    return k;
  };
  return { py, code, raw, assigns, funcs, sendRe, sendFuncs, kindsIn };
}
