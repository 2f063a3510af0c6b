/**
 * The code review of a CODE* submission (SPEC §4 "Code analysis" and "Execution"; docs/code-review.md):
 * the shared behaviour model run over the code tree with the entry point, turned into an inventory,
 * flows, the SKILL_CODE manifest delta and findings; then joined with the sandbox's execution record.
 * Pure: no I/O (the caller runs the sandbox, so it decides where and when).
 */
import {
  CODE_REVIEW_SCHEMA_VERSION,
  codeHash,
  type BehaviourModel,
  type CodeEvent,
  type CodeEventKind,
  type CodeFlow,
  type Finding,
  type ManifestDelta,
} from '@sigma/core';
import { buildBehaviour, extractClaims } from '../behaviour/index.js';
import { ARCHIVE_SEP } from '../ingest/collector.js';
import type { IngestResult } from '../types.js';
import { finding, KIND, maxSev, rank } from './shared.js';
import type { StaticReview } from './shared.js';

export type { StaticReview } from './shared.js';

export { executionFindings, finishCodeReview } from './execution.js';

export interface CodeFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * The code tree as it runs: the uploaded files, or — when the upload is one archive — its entries
 * with the archive name (and a single top-level folder shared by every entry) taken off.
 */
export function codeTree(ingest: Pick<IngestResult, 'files' | 'expandedArchives'>): CodeFile[] {
  const archives = new Set(ingest.expandedArchives ?? []);
  const plain = ingest.files.filter((f) => !f.path.includes(ARCHIVE_SEP) && !archives.has(f.path));
  if (archives.size !== 1 || plain.length > 0) return plain.map((f) => ({ path: f.path, bytes: f.bytes }));
  const [archive] = [...archives];
  const prefix = `${archive}${ARCHIVE_SEP}`;
  let inner = ingest.files
    .filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes(ARCHIVE_SEP))
    .map((f) => ({ path: f.path.slice(prefix.length), bytes: f.bytes }));
  const tops = new Set(inner.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')));
  if (tops.size === 1 && !tops.has('')) {
    const top = `${[...tops][0]}/`;
    inner = inner.map((f) => ({ path: f.path.slice(top.length), bytes: f.bytes }));
  }
  return inner;
}

/**
 * Why `entry` cannot be a CODE* entry point, or null: required, repo-relative, inside the tree, no
 * `..`, and (when `paths` is given) one of the files.
 */
export function entryProblem(entry: string | undefined | null, paths?: readonly string[]): string | null {
  if (entry === undefined || entry === null || entry.trim() === '') return 'an entry point is required for CODE submissions (a repo-relative file path)';
  if (entry.startsWith('/') || /^[a-zA-Z]:/.test(entry) || entry.includes('\\')) return `${entry} must be a repo-relative path with / separators`;
  if (/[\u0000-\u001f\u007f]/.test(entry)) return 'the entry point contains control characters';
  const parts = entry.split('/');
  if (parts.some((p) => p === '..')) return `${entry} must not contain ..`;
  if (parts.some((p) => p === '' || p === '.')) return `${entry} is not a normalised path (empty or . segments)`;
  if (paths && !paths.includes(entry)) return `${entry} is not one of the submitted files`;
  return null;
}

export interface StaticReviewOptions {
  entry: string;
  /** SKILL_CODE: the SKILL.md text (its hosts and capabilities are compared with the code, both ways). */
  skillText?: string | null;
  /** Hosts and capabilities the manifest declares (front matter). */
  declaredHosts?: readonly string[];
  declaredCapabilities?: readonly string[] | null;
}

const CAPABILITY: Partial<Record<CodeEventKind, string>> = {
  process: 'process',
  eval: 'process',
  env: 'env',
  credential: 'env',
  'file-write': 'filesystem',
  network: 'network',
};

const MAX_EVENTS = 200;
const MAX_SCRIPT_BYTES = 400_000;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The static half of the code review: the behaviour model of the code tree from the entry point. */
export function staticCodeReview(files: readonly CodeFile[], opts: StaticReviewOptions): StaticReview {
  const inputs = files.filter((f) => f.bytes.length <= MAX_SCRIPT_BYTES).map((f) => ({ path: f.path, text: decoder.decode(f.bytes) }));
  const claims = opts.skillText ? extractClaims(opts.skillText) : [];
  const declaredHosts = [
    ...new Set([...(opts.declaredHosts ?? []), ...claims.filter((c) => c.kind === 'declared-host' && c.value).map((c) => c.value!.toLowerCase())]),
  ];
  const model = buildBehaviour(inputs, { entry: opts.entry, declaredHosts });
  const byId = new Map(model.events.map((e) => [e.id, e]));
  const lineOf = (file: string, line: number): string => {
    const lines = inputs.find((f) => f.path === file)?.text.split(/\r?\n/) ?? [];
    return (lines[line - 1] ?? '').trim().slice(0, 200);
  };

  const all: CodeEvent[] = [];
  for (const e of model.events) {
    const kind = KIND[e.category];
    if (!kind) continue;
    all.push({
      id: e.id,
      kind,
      detail: e.detail,
      file: e.file,
      line: e.line,
      reachable: e.reachable,
      reach: e.reach,
      api: e.api,
      host: e.host,
      name: e.name,
      path: e.path,
      command: e.command,
    });
  }
  const events = [...all].sort((a, b) => Number(b.reachable) - Number(a.reachable)).slice(0, MAX_EVENTS);
  const flows: CodeFlow[] = model.flows
    .filter((f) => rank(f.severity) >= rank('MEDIUM'))
    .map((f) => {
      const src = byId.get(f.source)!;
      const sink = byId.get(f.sink)!;
      return {
        source: { file: src.file, line: src.line, detail: src.detail, category: src.category, name: src.name },
        sink: { file: sink.file, line: sink.line, detail: sink.detail, category: sink.category, host: f.host ?? sink.host },
        severity: f.severity,
        reachable: f.reachable,
        encoded: f.encoded,
        explanation: f.explanation,
      };
    })
    .sort((a, b) => rank(b.severity) - rank(a.severity));

  const findings: Finding[] = [];
  // An env/credential read that flows into a network call is exfiltration whatever the notes say
  // (SPEC §4): HIGH at least, and blocking when the entry point can reach it. Flows the model rates
  // lower (one API key in an auth header to a declared host) stay at the model's severity.
  for (const f of flows) {
    const secret = (f.source.category === 'env' || f.source.category === 'credential') && f.sink.category === 'network';
    if (!secret || rank(f.severity) < rank('HIGH')) continue;
    const sev = maxSev('HIGH', f.severity);
    findings.push(
      finding(
        'CODE_SECRET_TO_NETWORK',
        'An environment value or credential is sent over the network',
        f.reachable ? sev : 'MEDIUM',
        f.sink.file,
        f.sink.line,
        lineOf(f.sink.file, f.sink.line),
        `Read at ${f.source.file}:${f.source.line} (${f.source.detail}), sent at ${f.sink.file}:${f.sink.line} (${f.sink.detail})${f.sink.host ? ` to ${f.sink.host}` : ''}${f.reachable ? '' : '; not reachable from the entry point'}. ${f.explanation}.`,
        'Do not send environment values or credentials anywhere; if the tool is an API client, send only its own API key, in an auth header, to the host it documents.',
        f.reachable,
        ['OWASP-AST01', 'exfiltration'],
      ),
    );
  }
  const entryFile = model.files.find((f) => f.path === opts.entry);
  if (!entryFile || entryFile.parsed === 'failed') {
    findings.push(
      finding(
        'CODE_ENTRY_UNANALYZABLE',
        'The entry point could not be analysed',
        'HIGH',
        opts.entry,
        null,
        '',
        entryFile
          ? `The parser could not read ${opts.entry}: ${entryFile.reason ?? 'unknown reason'}. What cannot be analysed fails closed.`
          : `${opts.entry} is not a JavaScript, TypeScript, Python or shell file the code analysis reads; what cannot be analysed fails closed.`,
        'Give a .js/.mjs/.cjs/.ts or .py entry point that parses.',
        true,
        ['unanalyzable'],
      ),
    );
  }

  const manifestDelta = opts.skillText !== undefined && opts.skillText !== null ? deltaOf(model, all, declaredHosts, opts.declaredCapabilities ?? null) : [];
  for (const d of manifestDelta.filter((x) => x.direction === 'in-code-not-declared').slice(0, 8)) {
    findings.push(
      finding(
        'CODE_MANIFEST_DELTA',
        d.kind === 'host' ? 'The code contacts a host SKILL.md does not declare' : 'The code uses a capability SKILL.md does not declare',
        d.severity,
        d.file,
        d.line,
        d.file && d.line ? lineOf(d.file, d.line) : d.value,
        `${d.kind === 'host' ? 'Host' : 'Capability'} ${d.value} is used by the code but not named in SKILL.md.`,
        'Declare every host and capability the code uses in SKILL.md.',
        false,
        ['OWASP-AST04', 'manifest'],
      ),
    );
  }
  const notInCode = manifestDelta.filter((x) => x.direction === 'declared-not-in-code');
  if (notInCode.length)
    findings.push(
      finding(
        'CODE_MANIFEST_DELTA',
        'SKILL.md declares what the code never does',
        'LOW',
        'SKILL.md',
        null,
        notInCode.map((d) => d.value).join(', '),
        `Declared but not found in the code: ${notInCode.map((d) => `${d.kind} ${d.value}`).join(', ')}. Either the declaration is stale or the code does it in a way the analysis cannot see.`,
        'Keep SKILL.md in step with the code.',
        false,
        ['OWASP-AST04', 'manifest'],
      ),
    );

  const envNames = [...new Set(all.filter((e) => e.kind === 'env' && e.name && e.name !== '*').map((e) => e.name!))].sort();
  return {
    review: {
      schemaVersion: CODE_REVIEW_SCHEMA_VERSION,
      entry: opts.entry,
      codeHash: codeHash(files.map((f) => ({ path: f.path, content: f.bytes }))),
      files: model.files.map((f) => ({ path: f.path, lang: f.lang, parsed: f.parsed, reason: f.reason ?? null })),
      events,
      flows: flows.slice(0, 50),
      hosts: [...new Set([...model.hosts.map((h) => h.host), ...all.filter((e) => e.kind === 'network' && e.host).map((e) => e.host!)])].sort(),
      manifestDelta,
      notes: model.notes.slice(0, 20),
    },
    model,
    envNames,
    findings,
  };
}

function deltaOf(model: BehaviourModel, events: CodeEvent[], declaredHosts: string[], declaredCaps: readonly string[] | null): ManifestDelta[] {
  const out: ManifestDelta[] = [];
  const declared = new Set(declaredHosts.map((h) => h.toLowerCase()));
  const observed = new Map<string, { file: string; line: number }>();
  for (const h of model.hosts) if (!observed.has(h.host.toLowerCase())) observed.set(h.host.toLowerCase(), { file: h.file, line: h.line });
  for (const e of events)
    if (e.kind === 'network' && e.host && !observed.has(e.host.toLowerCase())) observed.set(e.host.toLowerCase(), { file: e.file, line: e.line });
  for (const [host, at] of observed)
    if (!declared.has(host)) out.push({ direction: 'in-code-not-declared', kind: 'host', value: host, file: at.file, line: at.line, severity: 'MEDIUM' });
  for (const host of [...declared].sort())
    if (!observed.has(host)) out.push({ direction: 'declared-not-in-code', kind: 'host', value: host, file: null, line: null, severity: 'LOW' });
  const usedCaps = new Map<string, CodeEvent>();
  for (const e of events) {
    const cap = CAPABILITY[e.kind];
    if (cap && e.reachable && !usedCaps.has(cap)) usedCaps.set(cap, e);
  }
  const caps = new Set((declaredCaps ?? []).map((c) => c.toLowerCase()));
  // shell implies process.
  if (caps.has('shell')) caps.add('process');
  for (const [cap, e] of [...usedCaps].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (!caps.has(cap)) out.push({ direction: 'in-code-not-declared', kind: 'capability', value: cap, file: e.file, line: e.line, severity: 'LOW' });
  for (const cap of [...caps].sort())
    if (['network', 'process', 'env', 'filesystem'].includes(cap) && !usedCaps.has(cap) && !(cap === 'process' && caps.has('shell')))
      out.push({ direction: 'declared-not-in-code', kind: 'capability', value: cap, file: null, line: null, severity: 'LOW' });
  return out;
}
