/**
 * Claims against behaviour, both directions: a claim the code contradicts (quoted, with its line, and
 * the behaviour with file and line), behaviour the skill never declares (hosts, capabilities), and
 * declarations nothing in the code does.
 */
import type { BehaviourEvent, BehaviourModel, Claim, Contradiction, Severity } from '@sigma/core';
import { hostCovered, isLocalDestination } from './paths.js';

export interface Declared {
  /** Hosts the manifest declares (in addition to the hosts SKILL.md names). */
  hosts?: string[];
  /** Capabilities the manifest declares (`network`, `shell`, `process`, `filesystem`, `env`). */
  capabilities?: string[];
}

const TOOL_CAPS: Record<string, string[]> = {
  bash: ['shell', 'process'],
  shell: ['shell', 'process'],
  process: ['process'],
  webfetch: ['network'],
  websearch: ['network'],
  network: ['network'],
  fetch: ['network'],
  read: ['filesystem'],
  write: ['filesystem'],
  edit: ['filesystem'],
  multiedit: ['filesystem'],
  glob: ['filesystem'],
  grep: ['filesystem'],
  filesystem: ['filesystem'],
  env: ['env'],
};

const PER_CLAIM = 5;

function capsOf(e: BehaviourEvent): string[] {
  switch (e.category) {
    case 'network':
      return ['network'];
    case 'process':
    case 'eval':
      return ['process'];
    case 'file-write':
      return e.location === 'skill' || e.location === 'tmp' ? [] : ['filesystem'];
    case 'env':
      return ['env'];
    default:
      return [];
  }
}

export function compareClaims(claims: Claim[], model: BehaviourModel, declared: Declared = {}): Contradiction[] {
  const out: Omit<Contradiction, 'id'>[] = [];
  // Data flows only: a caller's parameter reaching a sink is the function's job, not data leaving.
  const inputs = new Set(model.events.filter((e) => e.category === 'input').map((e) => e.id));
  const dataFlows = model.flows.filter((f) => !inputs.has(f.source));
  const flowSinks = new Set(dataFlows.map((f) => f.sink));
  const declaredHosts = new Set([...(declared.hosts ?? []), ...claims.filter((c) => c.kind === 'declared-host' && c.value).map((c) => c.value!)]);
  const ev = (e: BehaviourEvent): Contradiction['behaviour'] => ({ event: e.id, file: e.file, line: e.line, detail: e.detail });
  const cl = (c: Claim): Contradiction['claim'] => ({ id: c.id, text: c.text, line: c.line, kind: c.kind });
  const against = (c: Claim, events: BehaviourEvent[], sev: (e: BehaviourEvent) => Severity, why: string): void => {
    const ordered = [...events].sort((a, b) => Number(b.reachable) - Number(a.reachable));
    for (const e of ordered.slice(0, PER_CLAIM))
      out.push({
        kind: 'claim-contradicted',
        claim: cl(c),
        behaviour: ev(e),
        subject: c.kind,
        severity: e.reachable ? sev(e) : 'LOW',
        explanation: `SKILL.md says "${c.text}" (line ${c.line}), but ${e.file}:${e.line} ${e.detail}${why}${e.reachable ? '' : ' (in code not reachable from the entry point)'}`,
      });
  };
  const net = model.events.filter((e) => e.category === 'network' && e.kind === 'sink' && !(e.host && isLocalDestination(e.host)));
  for (const c of claims) {
    const allowed = c.value && c.kind !== 'declared-host' && c.kind !== 'declared-tool' ? c.value.split(',') : [];
    switch (c.kind) {
      case 'no-network':
      case 'local-only':
        against(
          c,
          net.filter((e) => !(e.host && allowed.length && hostCovered(e.host, allowed))),
          () => 'HIGH',
          '',
        );
        break;
      case 'no-telemetry':
        against(
          c,
          net.filter((e) => flowSinks.has(e.id) || (e.host !== null && !hostCovered(e.host, declaredHosts))),
          () => 'HIGH',
          '',
        );
        break;
      case 'read-only':
        against(
          c,
          model.events.filter((e) => e.category === 'file-write'),
          // A path chosen at run time is usually the output the user asked for: reported, not high risk.
          (e) => (e.location === 'home' || e.location === 'credential' || e.location === 'startup' || e.location === 'system' ? 'HIGH' : 'MEDIUM'),
          '',
        );
        break;
      case 'no-storage':
        against(
          c,
          model.events.filter((e) => e.category === 'file-write'),
          (e) => (flowSinks.has(e.id) ? 'HIGH' : 'MEDIUM'),
          '',
        );
        break;
      case 'no-credentials':
        against(
          c,
          model.events.filter((e) => e.category === 'credential' || (e.category === 'env' && e.name === '*')),
          () => 'HIGH',
          '',
        );
        break;
      case 'no-exec':
        against(
          c,
          model.events.filter((e) => e.category === 'process' || e.category === 'eval'),
          (e) => (e.category === 'eval' ? 'HIGH' : 'MEDIUM'),
          '',
        );
        break;
      default:
        break;
    }
  }
  // Behaviour → declarations: hosts the code contacts that SKILL.md and the manifest never name.
  const seenHost = new Set<string>();
  for (const h of model.hosts) {
    if (seenHost.has(h.host) || isLocalDestination(h.host) || hostCovered(h.host, declaredHosts)) continue;
    seenHost.add(h.host);
    const e = model.events.find((x) => x.id === h.event);
    const carries = dataFlows.some((f) => f.sink === h.event);
    out.push({
      kind: 'undeclared-behaviour',
      claim: null,
      behaviour: e ? ev(e) : { event: h.event, file: h.file, line: h.line, detail: `contacts ${h.host}` },
      subject: `host:${h.host}`,
      severity: carries ? 'HIGH' : 'MEDIUM',
      explanation: `${h.file}:${h.line} contacts ${h.host}, which SKILL.md never names${carries ? ' and data from a source reaches that call' : ''}`,
    });
  }
  // Capabilities, when the skill declares any.
  const toolClaims = claims.filter((c) => c.kind === 'declared-tool');
  const declaredCaps = new Set([
    ...(declared.capabilities ?? []),
    ...toolClaims.flatMap((c) => TOOL_CAPS[(c.value ?? '').toLowerCase().replace(/\(.*$/, '')] ?? [(c.value ?? '').toLowerCase()]),
  ]);
  if (declaredCaps.size > 0) {
    const observed = new Map<string, BehaviourEvent>();
    for (const e of model.events) for (const cap of capsOf(e)) if (!observed.has(cap)) observed.set(cap, e);
    for (const [cap, e] of observed) {
      if (declaredCaps.has(cap) || (cap === 'process' && declaredCaps.has('shell'))) continue;
      out.push({
        kind: 'undeclared-behaviour',
        claim: null,
        behaviour: ev(e),
        subject: `capability:${cap}`,
        severity: 'MEDIUM',
        explanation: `the code uses ${cap} (${e.file}:${e.line} ${e.detail}) but the declared tools and capabilities do not include it`,
      });
    }
    for (const c of toolClaims) {
      const caps = TOOL_CAPS[(c.value ?? '').toLowerCase().replace(/\(.*$/, '')] ?? [];
      if (caps.length > 0 && !caps.some((x) => observed.has(x)) && model.events.length > 0 && model.files.length > 0 && caps.includes('network'))
        out.push({
          kind: 'declared-not-observed',
          claim: cl(c),
          behaviour: null,
          subject: `capability:${caps.join('+')}`,
          severity: 'INFO',
          explanation: `SKILL.md declares ${c.value} (line ${c.line}); no script of the skill uses it (the agent may, through its own tools)`,
        });
    }
  }
  // Declarations → behaviour: hosts the front matter declares that no script contacts.
  const contacted = model.hosts.map((h) => h.host);
  if (model.files.length > 0)
    for (const c of claims) {
      if (c.kind !== 'declared-host' || !c.value || c.origin !== 'front-matter') continue;
      if (contacted.some((h) => h === c.value || h.endsWith(`.${c.value}`))) continue;
      out.push({
        kind: 'declared-not-observed',
        claim: cl(c),
        behaviour: null,
        subject: `host:${c.value}`,
        severity: 'LOW',
        explanation: `SKILL.md declares ${c.value} (line ${c.line}) but no script contacts it`,
      });
    }
  return out.map((c, i) => ({ id: `X${i + 1}`, ...c }));
}
