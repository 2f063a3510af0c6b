/**
 * The code engine applied to a package: one behaviour-model run per install hook entry (what runs
 * at install), and one over every script (what runs when the package is loaded or called). A flow
 * or effect is weighed by when it runs: install time weighs heaviest, then module load (top-level
 * code runs on import), then library calls; unreachable code weighs least.
 */
import type { BehaviourEvent, BehaviourFlow, BehaviourLang, BehaviourModel, Severity } from '@sigma/core';
import { SEVERITY_RANK } from '@sigma/core';
import { buildBehaviour } from '../behaviour/index.js';
import type { BehaviourInput } from '../behaviour/index.js';
import { fetchExecute } from './hooks.js';
import type { HookPlan, SyntheticScript } from './hooks.js';
import type { PkgFile } from './pkg-files.js';
import type { PackageHit } from './rules.js';

type Context = 'install' | 'load' | 'call' | 'dead';

const UP: Record<Severity, Severity> = { INFO: 'LOW', LOW: 'MEDIUM', MEDIUM: 'HIGH', HIGH: 'CRITICAL', CRITICAL: 'CRITICAL' };
const DOWN: Record<Severity, Severity> = { INFO: 'INFO', LOW: 'LOW', MEDIUM: 'LOW', HIGH: 'MEDIUM', CRITICAL: 'HIGH' };
const family = (l: BehaviourLang): string => (l === 'typescript' ? 'javascript' : l);

export interface BehaviourResult {
  hits: PackageHit[];
  /** Files the parser could not read fully (reason per file). */
  partial: string[];
}

interface Where {
  file: string;
  line: number | null;
}

function locate(e: { file: string; line: number }, synthetic: Map<string, SyntheticScript>): Where {
  const s = synthetic.get(e.file);
  if (!s) return { file: e.file, line: e.line };
  return { file: s.origin.file, line: s.origin.lineMap ? (s.origin.lineMap[e.line - 1] ?? null) : s.origin.line };
}

const evKey = (e: BehaviourEvent): string => `${e.file}:${e.line}:${e.category}:${e.detail}`;
const flowKey = (src: BehaviourEvent, sink: BehaviourEvent): string => `${evKey(src)}>${evKey(sink)}`;
const metaWords = (s: string): string => s.replace(/SKILL\.md/g, "the package's metadata");

function runFor(
  entry: { path: string; lang: BehaviourLang },
  scripts: BehaviourInput[],
  langs: Map<string, BehaviourLang>,
  extra: SyntheticScript[],
  hosts: string[],
): BehaviourModel {
  const fam = family(entry.lang);
  const files = scripts.filter((s) => family(langs.get(s.path)!) === fam);
  for (const x of extra) if (family(x.lang) === fam) files.push({ path: x.path, text: x.text });
  return buildBehaviour(files, { entry: entry.path, declaredHosts: hosts });
}

export function analyseBehaviour(files: PkgFile[], hooks: HookPlan[], declaredHosts: string[]): BehaviourResult {
  const scripts: BehaviourInput[] = [];
  const langs = new Map<string, BehaviourLang>();
  for (const f of files) {
    if (f.kind !== 'script' || f.text === null || f.lang === null) continue;
    scripts.push({ path: f.path, text: f.text });
    langs.set(f.path, f.lang);
  }
  const synthetic = new Map<string, SyntheticScript>();
  for (const h of hooks) for (const s of h.synthetic) synthetic.set(s.path, s);
  const hits: PackageHit[] = [];
  const seen = new Set<string>();
  const installFlows = new Set<string>();
  const installEvents = new Set<string>();
  const flowHits = new Map<string, PackageHit>();
  const push = (key: string, h: PackageHit): void => {
    if (seen.has(key)) return;
    seen.add(key);
    hits.push(h);
  };
  /** Flows into one sink become one finding that names every source (the most severe decides). */
  const pushFlow = (ctx: Context, sink: BehaviourEvent, h: PackageHit): void => {
    const key = `${ctx}:${evKey(sink)}`;
    const have = flowHits.get(key);
    if (!have) {
      flowHits.set(key, h);
      hits.push(h);
      return;
    }
    if (have.detail && h.detail && !have.detail.includes(h.detail)) have.detail = `${have.detail} Also: ${h.detail}`;
    if (SEVERITY_RANK[h.severity] > SEVERITY_RANK[have.severity]) {
      have.severity = h.severity;
      have.ruleId = h.ruleId;
      have.blocking = h.blocking ?? false;
    }
  };

  // 1. Install time: each hook entry is a root of its own run; what it reaches runs on install.
  for (const hook of hooks) {
    const roots: Array<{ path: string; lang: BehaviourLang }> = [
      ...hook.entries.map((p) => ({ path: p, lang: langs.get(p)! })),
      ...hook.synthetic.map((s) => ({ path: s.path, lang: s.lang })),
    ];
    for (const root of roots) {
      const model = runFor(root, scripts, langs, hook.synthetic, declaredHosts);
      const byId = new Map(model.events.map((e) => [e.id, e]));
      for (const fl of model.flows) {
        if (!fl.reachable) continue;
        const src = byId.get(fl.source)!;
        const sink = byId.get(fl.sink)!;
        // A library's functions take their caller's input by design; the package review weighs data flows.
        if (src.category === 'input') continue;
        installFlows.add(flowKey(src, sink));
        pushFlow('install', sink, flowHit(fl, src, sink, 'install', synthetic, hook));
      }
      for (const e of model.events) {
        if (!e.reachable) continue;
        installEvents.add(evKey(e));
        const hit = installEventHit(e, synthetic, hook);
        if (hit) push(`install-ev:${evKey(e)}:${hit.ruleId}`, hit);
      }
    }
  }

  // 2. Load and call time: every script, no single entry (each module's top level runs when imported).
  const general = scripts.length > 0 ? buildBehaviour(scripts, { declaredHosts }) : null;
  const partial: string[] = [];
  if (general) {
    const byId = new Map(general.events.map((e) => [e.id, e]));
    for (const fl of general.flows) {
      const src = byId.get(fl.source)!;
      const sink = byId.get(fl.sink)!;
      if (src.category === 'input' || installFlows.has(flowKey(src, sink))) continue;
      const ctx: Context = !src.reachable || !sink.reachable ? 'dead' : src.reach === 'assumed' || sink.reach === 'assumed' ? 'call' : 'load';
      pushFlow(ctx, sink, flowHit(fl, src, sink, ctx, synthetic, null));
    }
    for (const e of general.events) {
      if (installEvents.has(evKey(e)) || !e.reachable) continue;
      const ctx: Context = e.reach === 'assumed' ? 'call' : 'load';
      if (e.kind === 'sink' && e.category === 'file-write' && (e.location === 'startup' || e.location === 'credential')) {
        push(`persist:${evKey(e)}`, {
          ruleId: 'PACKAGE_PERSISTENCE',
          severity: 'HIGH',
          file: e.file,
          line: e.line,
          excerpt: e.excerpt,
          detail: `${e.detail} (${ctx === 'load' ? 'when the module loads' : 'when called'}).`,
        });
      }
      if ((e.category === 'process' || e.category === 'network') && fetchExecute(e.command ?? e.excerpt)) {
        push(`fetchexec:${evKey(e)}`, {
          ruleId: 'PACKAGE_INSTALL_FETCH_EXECUTE',
          severity: ctx === 'load' ? 'CRITICAL' : 'HIGH',
          blocking: ctx === 'load',
          file: e.file,
          line: e.line,
          excerpt: e.excerpt,
          detail: `Downloads and runs code ${ctx === 'load' ? 'as soon as the module is loaded' : 'when called'}.`,
        });
      }
    }
    for (const f of general.files) if (f.parsed !== 'full') partial.push(`${f.path}: ${f.reason ?? `parsed ${f.parsed}`}`);
  }
  return { hits, partial };
}

function flowHit(
  fl: BehaviourFlow,
  src: BehaviourEvent,
  sink: BehaviourEvent,
  ctx: Context,
  synthetic: Map<string, SyntheticScript>,
  hook: HookPlan | null,
): PackageHit {
  const at = locate(sink, synthetic);
  const from = locate(src, synthetic);
  const route = `${metaWords(fl.explanation)} (source ${from.file}${from.line ? `:${from.line}` : ''}, sink ${at.file}${at.line ? `:${at.line}` : ''}).`;
  if (ctx === 'install') {
    const severity = UP[fl.severity];
    const exfil = sink.category === 'network' && SEVERITY_RANK[fl.severity] >= SEVERITY_RANK.HIGH;
    return {
      ruleId: exfil ? 'PACKAGE_INSTALL_EXFILTRATION' : 'PACKAGE_INSTALL_DATA_FLOW',
      severity,
      blocking: severity === 'CRITICAL',
      file: at.file,
      line: at.line,
      excerpt: sink.excerpt,
      detail: `Runs at install (${hook!.script.hook}${hook!.script.command ? `: ${hook!.script.command}` : ''}): ${route}`,
    };
  }
  if (ctx === 'load') {
    return {
      ruleId: 'PACKAGE_LOAD_DATA_FLOW',
      severity: fl.severity,
      blocking: fl.severity === 'CRITICAL',
      file: at.file,
      line: at.line,
      excerpt: sink.excerpt,
      detail: `Runs when the module is imported: ${route}`,
    };
  }
  return {
    ruleId: 'PACKAGE_RUNTIME_DATA_FLOW',
    severity: ctx === 'dead' ? DOWN[fl.severity] : fl.severity,
    confidence: ctx === 'dead' ? 'LOW' : 'MEDIUM',
    file: at.file,
    line: at.line,
    excerpt: sink.excerpt,
    detail: ctx === 'dead' ? `No call path to it was found: ${route}` : `When the caller uses this function: ${route}`,
  };
}

function installEventHit(e: BehaviourEvent, synthetic: Map<string, SyntheticScript>, hook: HookPlan): PackageHit | null {
  const at = locate(e, synthetic);
  const when = `Runs at install (${hook.script.hook}).`;
  if ((e.category === 'process' || e.category === 'network') && fetchExecute(e.command ?? e.excerpt)) {
    return {
      ruleId: 'PACKAGE_INSTALL_FETCH_EXECUTE',
      severity: 'CRITICAL',
      blocking: true,
      file: at.file,
      line: at.line,
      excerpt: e.excerpt,
      detail: `${when} ${e.detail}.`,
    };
  }
  if (e.kind === 'sink' && e.category === 'network') {
    return { ruleId: 'PACKAGE_INSTALL_NETWORK', severity: 'MEDIUM', file: at.file, line: at.line, excerpt: e.excerpt, detail: `${when} ${e.detail}.` };
  }
  if (e.kind === 'sink' && e.category === 'eval') {
    return {
      ruleId: 'PACKAGE_INSTALL_DYNAMIC_CODE',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      file: at.file,
      line: at.line,
      excerpt: e.excerpt,
      detail: `${when} ${e.detail}.`,
    };
  }
  if (e.kind === 'source' && e.category === 'credential') {
    return { ruleId: 'PACKAGE_INSTALL_CREDENTIAL_READ', severity: 'HIGH', file: at.file, line: at.line, excerpt: e.excerpt, detail: `${when} ${e.detail}.` };
  }
  if (e.kind === 'sink' && e.category === 'file-write' && (e.location === 'startup' || e.location === 'credential')) {
    return {
      ruleId: 'PACKAGE_PERSISTENCE',
      severity: 'CRITICAL',
      blocking: true,
      file: at.file,
      line: at.line,
      excerpt: e.excerpt,
      detail: `${when} ${e.detail}.`,
    };
  }
  return null;
}
