import type { EndpointProbeResult, EndpointStatus, Finding, Manifest, ProbeAnalysisMode, ProbedEndpointReview, Severity } from '@sigma/core';
import { SEVERITY_RANK } from '@sigma/core';
import { declaredEndpoints, templateParameter } from './endpoints.js';
import type { DeclaredEndpoint } from './endpoints.js';
import { endpointLabel, evaluate, hostOfUrl, skippedResult } from './evaluate.js';
import { toFinding } from './findings.js';
import type { ProbeFinding } from './findings.js';
import { guardedFetch, READ_ONLY_METHODS } from './guard.js';
import type { GuardPolicy } from './policy.js';
import { vetUrl } from './policy.js';

/**
 * The endpoint review (SPEC §4): every declared endpoint probed read-only through the guard;
 * non-read-only methods only against the developer's sandbox base URL, otherwise skipped with the
 * reason. See docs/probe.md §2.
 */

export interface ProbeOptions {
  policy: GuardPolicy;
  /** The developer's sandbox: non-read-only methods go to `<sandbox base><declared path>`. */
  sandboxBaseUrl?: string | null;
  /** No request at all (the CLI's offline run): every endpoint is listed as skipped. */
  offline?: boolean;
  now?: () => Date;
  /** Endpoints probed at once (default 4). */
  concurrency?: number;
  /** Endpoints probed per review (default 50); the rest are skipped with the reason. */
  maxEndpoints?: number;
}

export interface ProbeInput {
  manifest: Manifest;
  /** The parsed front matter, for response schemas declared beside externalCalls. */
  frontMatter?: Record<string, unknown> | null;
}

export interface EndpointProbeReport {
  endpointReview: ProbedEndpointReview;
  /** To merge into the evidence report's findings. */
  findings: Finding[];
}

export interface PlannedProbe {
  declared: DeclaredEndpoint;
  method: string;
  url: string;
  sandbox: boolean;
}

/** What to send for one declared endpoint, or why not. */
export function planProbe(d: DeclaredEndpoint, sandboxBase: URL | null): PlannedProbe | { skip: string } {
  const template = templateParameter(d.absoluteUrl ?? d.url);
  if (template) return { skip: `the URL has a template parameter ${template} and no example value` };
  if (d.method === 'UNKNOWN') return { declared: d, method: 'HEAD', url: d.absoluteUrl ?? d.url, sandbox: false };
  if (READ_ONLY_METHODS.has(d.method)) return { declared: d, method: d.method, url: d.absoluteUrl ?? d.url, sandbox: false };
  if (!sandboxBase) return { skip: `${d.method} is not read-only; skipped because no sandbox base URL was given` };
  let path: string;
  try {
    const u = new URL(d.absoluteUrl ?? d.url);
    path = `${u.pathname}${u.search}`;
  } catch {
    return { skip: `${d.method} is not read-only and the URL cannot be mapped onto the sandbox` };
  }
  const url = new URL(sandboxBase.href);
  url.pathname = `${sandboxBase.pathname.replace(/\/$/, '')}${path.split('?')[0]}`;
  url.search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  return { declared: d, method: d.method, url: url.href, sandbox: true };
}

export async function probeOne(
  p: PlannedProbe,
  policy: GuardPolicy,
  declaredHosts: ReadonlySet<string>,
): Promise<{ result: EndpointProbeResult; findings: ProbeFinding[] }> {
  const result = await guardedFetch(p.url, policy, {
    method: p.method,
    allowUnsafeMethod: p.sandbox,
    accept: 'application/json, */*;q=0.5',
  });
  return evaluate({ declared: p.declared, probeMethod: p.method, probeUrl: p.url, result, declaredHosts, sandbox: p.sandbox });
}

async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function endpointStatusOf(results: EndpointProbeResult[]): EndpointStatus {
  const probed = results.filter((r) => r.outcome !== 'SKIPPED');
  if (probed.length === 0) return 'SKIPPED';
  const passed = probed.filter((r) => r.outcome === 'PASSED').length;
  if (passed === 0) return 'FAILED';
  return passed === probed.length && probed.length === results.length ? 'PASSED' : 'PARTIAL';
}

export function highestSeverityOf(findings: ReadonlyArray<{ severity: Severity }>): Severity | null {
  let top: Severity | null = null;
  for (const f of findings) if (top === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[top]) top = f.severity;
  return top;
}

function sandboxOf(raw: string | null | undefined, policy: GuardPolicy): { url: URL | null; problem: string | null } {
  if (!raw) return { url: null, problem: null };
  const v = vetUrl(raw, policy);
  if ('code' in v) return { url: null, problem: `the sandbox base URL was refused (${v.reason})` };
  return { url: v.url, problem: null };
}

export async function probeEndpoints(input: ProbeInput, opts: ProbeOptions): Promise<EndpointProbeReport> {
  const now = opts.now ?? (() => new Date());
  const declared = declaredEndpoints(input.manifest, input.frontMatter);
  const sandbox = opts.offline ? { url: null, problem: null } : sandboxOf(opts.sandboxBaseUrl, opts.policy);
  const mode: ProbeAnalysisMode = opts.offline ? 'OFFLINE' : sandbox.url ? 'SANDBOX' : 'READ_ONLY';
  const declaredHosts = new Set(
    [...declared.map((d) => hostOfUrl(d.absoluteUrl)), sandbox.url ? hostOfUrl(sandbox.url.href) : null].filter((h): h is string => h !== null),
  );
  const max = opts.maxEndpoints ?? 50;
  let planned = 0;
  const jobs = declared.map((d): PlannedProbe | { skip: string } => {
    if (opts.offline) return { skip: 'live probes are off for this run (offline analysis)' };
    const plan = planProbe(d, sandbox.url);
    if ('skip' in plan) return sandbox.problem && !READ_ONLY_METHODS.has(d.method) ? { skip: `${plan.skip}; ${sandbox.problem}` } : plan;
    if (++planned > max) return { skip: `over the limit of ${max} endpoints probed per review` };
    return plan;
  });
  const results: EndpointProbeResult[] = [];
  const findings: ProbeFinding[] = [];
  const live = await pool(
    jobs.map((j, i) => ({ j, d: declared[i]! })),
    opts.concurrency ?? 4,
    async ({ j, d }) => ('skip' in j ? { result: skippedResult(d, j.skip), findings: [] as ProbeFinding[] } : probeOne(j, opts.policy, declaredHosts)),
  );
  for (const l of live) {
    results.push(l.result);
    for (const f of l.findings) if (!findings.some((x) => x.id === f.id)) findings.push(f);
  }
  const observedUrls = new Set<string>(input.manifest.urls.filter((u) => /^https?:\/\//i.test(u)));
  for (const r of results) {
    for (const h of r.redirects) observedUrls.add(h.url);
    if (r.finalUrl) observedUrls.add(r.finalUrl);
  }
  const observedHosts = new Set<string>(input.manifest.hosts);
  for (const u of observedUrls) {
    const h = hostOfUrl(u);
    if (h) observedHosts.add(h);
  }
  const endpointStatus = endpointStatusOf(results);
  const endpointReview: ProbedEndpointReview = {
    analyzedAt: now().toISOString(),
    analysisMode: mode,
    declaredEndpoints: results,
    observedUrls: [...observedUrls].sort().slice(0, 500),
    observedHosts: [...observedHosts].sort().slice(0, 500),
    skippedEndpoints: results.filter((r) => r.outcome === 'SKIPPED').map((r) => ({ path: endpointLabel(r), reason: r.skipReason ?? '' })),
    endpointStatus,
    highestSeverity: highestSeverityOf(findings),
    approvalBlocked: endpointStatus === 'FAILED' || findings.some((f) => f.blocksApproval),
  };
  return { endpointReview, findings: findings.map(toFinding) };
}
