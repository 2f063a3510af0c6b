/**
 * From the recorder to the public model: reachability over the call edges, public ids in file and
 * line order, flow severities, excerpts (secrets redacted).
 */
import { BEHAVIOUR_SCHEMA_VERSION, SEVERITY_RANK } from '@sigma/core';
import type { BehaviourEvent, BehaviourFile, BehaviourFlow, BehaviourHost, BehaviourModel, FlowStep, Reach } from '@sigma/core';
import { redactSecrets } from '../rules/secrets/detect.js';
import { mainUnit, topUnit } from './frame.js';
import type { Program } from './program.js';
import type { RawEvent } from './record.js';
import { rateFlow } from './severity.js';

const RANK: Record<Exclude<Reach, 'dead'>, number> = { entry: 3, called: 2, assumed: 1 };

export function reachability(prog: Program, entry: string | null): Map<string, Exclude<Reach, 'dead'>> {
  const rec = prog.rec;
  const roots = entry ? [entry] : [...prog.files.keys()];
  const byFile = new Map<string, string[]>();
  for (const [unit, fnv] of prog.fns) byFile.set(fnv.file, [...(byFile.get(fnv.file) ?? []), unit]);
  for (const ev of rec.events.values()) {
    if (ev.category !== 'dynamic-call' || ev.dead) continue;
    const files = [ev.file, ...(prog.modules.get(ev.file)?.imports ?? [])];
    for (const file of files) for (const u of byFile.get(file) ?? []) rec.edge(ev.unit, u, 'assumed');
    rec.notes.add(`${ev.file}:${ev.line}: ${ev.detail}`);
  }
  for (const file of roots) {
    const mod = prog.modules.get(file);
    if (!mod) continue;
    for (const v of mod.exports.values()) {
      if (v.fn) rec.edge(topUnit(file), prog.unitOf(v.fn), 'assumed');
      if (v.cls) for (const m of v.cls.methods.values()) rec.edge(topUnit(file), prog.unitOf(m), 'assumed');
    }
    const own = byFile.get(file) ?? [];
    const callsOwn = [topUnit(file), mainUnit(file)].some((u) =>
      [...(rec.edges.get(u)?.entries() ?? [])].some(([to, how]) => how === 'called' && own.includes(to)),
    );
    // A module that defines functions and calls none of them is a library or handler module: its runtime
    // calls them. A shell file's functions are commands once it is sourced (one named `sudo` or `git`
    // replaces the command): the user calls them, whatever the file itself calls.
    if ((mod.unit.lang === 'python' && !callsOwn) || mod.unit.lang === 'shell') {
      for (const u of own) {
        const fnv = prog.fns.get(u)!;
        if (fnv.scope === mod.scope || fnv.cls?.file === file) rec.edge(topUnit(file), u, 'assumed');
      }
    }
  }
  const reach = new Map<string, Exclude<Reach, 'dead'>>();
  const queue: string[] = [];
  for (const f of roots)
    for (const u of [topUnit(f), mainUnit(f)]) {
      reach.set(u, 'entry');
      queue.push(u);
    }
  while (queue.length > 0) {
    const u = queue.shift()!;
    const r = reach.get(u)!;
    for (const [to, how] of rec.edges.get(u) ?? []) {
      const next: Exclude<Reach, 'dead'> = how === 'assumed' || r === 'assumed' ? 'assumed' : 'called';
      const have = reach.get(to);
      if (have && RANK[have] >= RANK[next]) continue;
      reach.set(to, next);
      queue.push(to);
    }
  }
  return reach;
}

function excerpt(prog: Program, e: RawEvent): string {
  const line = prog.files.get(e.file)?.lines[e.line - 1] ?? '';
  const t = redactSecrets(line.trim());
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

function compactSteps(steps: FlowStep[]): FlowStep[] {
  const out: FlowStep[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.file === s.file && last.line === s.line) continue;
    out.push(s);
  }
  return out.length > 16 ? [...out.slice(0, 8), ...out.slice(-8)] : out;
}

export function buildModel(prog: Program, files: BehaviourFile[], entry: string | null, declared: Set<string>): BehaviourModel {
  const reach = reachability(prog, entry);
  const raw = [...prog.rec.events.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.key < b.key ? -1 : 1),
  );
  const ids = new Map<string, string>();
  const events: BehaviourEvent[] = raw.map((e, i) => {
    const id = `B${i + 1}`;
    ids.set(e.key, id);
    const r: Reach = e.dead ? 'dead' : (reach.get(e.unit) ?? 'dead');
    return {
      id,
      kind: e.kind,
      category: e.category,
      detail: e.detail,
      file: e.file,
      line: e.line,
      excerpt: excerpt(prog, e),
      reachable: r !== 'dead',
      reach: r,
      api: e.api,
      host: e.host,
      path: e.path,
      location: e.location,
      command: e.command,
      name: e.name,
    };
  });
  const byId = new Map(events.map((e) => [e.id, e]));
  const flows: BehaviourFlow[] = [];
  const calledBySkill = new Set<string>();
  for (const m of prog.rec.edges.values()) for (const [to, how] of m) if (how === 'called') calledBySkill.add(to);
  for (const fl of prog.rec.flows.values()) {
    const src = prog.rec.events.get(fl.src);
    const sink = prog.rec.events.get(fl.sink);
    if (!src || !sink) continue;
    // A parameter is input from outside only while the skill does not call the function itself.
    if (src.category === 'input' && calledBySkill.has(src.unit)) continue;
    const rated = rateFlow(src, sink, fl, declared, fl.basic);
    const srcId = ids.get(src.key)!;
    const sinkId = ids.get(sink.key)!;
    flows.push({
      id: '',
      source: srcId,
      sink: sinkId,
      steps: compactSteps(fl.steps),
      positions: [...fl.positions].sort(),
      encoded: fl.enc,
      host: fl.host ?? sink.host,
      hostDeclared: rated.hostDeclared,
      severity: rated.severity,
      explanation: rated.explanation,
      // An exposed function is reached by its callers; only code that can never run is unreachable.
      reachable: src.category === 'input' ? !src.dead && !sink.dead : byId.get(srcId)!.reachable && byId.get(sinkId)!.reachable,
    });
  }
  flows.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || num(a.sink) - num(b.sink) || num(a.source) - num(b.source));
  flows.forEach((f, i) => (f.id = `F${i + 1}`));
  const hosts: BehaviourHost[] = [...prog.rec.hosts.values()]
    .filter((h) => ids.has(h.sink))
    .map((h) => ({ host: h.host, file: h.file, line: h.line, event: ids.get(h.sink)!, via: h.via }))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { schemaVersion: BEHAVIOUR_SCHEMA_VERSION, entry, files, events, flows, hosts, notes: [...prog.rec.notes].sort() };
}

const num = (id: string): number => Number(id.slice(1));
