import type { EndpointProbeResult, ProbeError, StatusClass } from '@sigma/core';
import type { DeclaredEndpoint } from './endpoints.js';
import { authDeclared } from './endpoints.js';
import { probeFinding } from './findings.js';
import type { ProbeFinding } from './findings.js';
import type { GuardedResult } from './guard.js';
import { checkShape, jsonShape, NOT_DECLARED, parseJsonBody } from './shape.js';

/** Turns one guarded exchange into the endpoint's result and its findings (docs/probe.md §2). */

export function statusClassOf(status: number | null): StatusClass | null {
  if (status === null || status < 100 || status > 599) return null;
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

export function hostOfUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

export function endpointLabel(e: { method: string; url: string }): string {
  return `${e.method} ${e.url}`;
}

/** A result for an endpoint that was not requested. */
export function skippedResult(d: DeclaredEndpoint, reason: string): EndpointProbeResult {
  return {
    method: d.method,
    url: d.url,
    host: hostOfUrl(d.absoluteUrl),
    declaredAuth: d.auth,
    reason: d.reason,
    declaredFrom: d.declaredFrom,
    outcome: 'SKIPPED',
    skipReason: reason,
    probeMethod: null,
    probeUrl: null,
    error: null,
    status: null,
    statusClass: null,
    latencyMs: null,
    tls: null,
    authRequired: null,
    authDeclared: authDeclared(d.auth),
    contentType: null,
    shape: null,
    shapeCheck: d.responseSchema === null ? NOT_DECLARED : { declared: true, matches: null, problems: ['not probed'] },
    redirects: [],
    finalUrl: null,
    findingIds: [],
  };
}

const UNREACHABLE = new Set(['SIGMA_E_PROBE_RESOLVE_FAILED', 'SIGMA_E_PROBE_CONNECT_FAILED', 'SIGMA_E_PROBE_TIMEOUT', 'SIGMA_E_PROBE_PROTOCOL']);

function errorFinding(label: string, e: ProbeError): ProbeFinding | null {
  if (e.code === 'SIGMA_E_PROBE_TLS_INVALID') return probeFinding('PROBE_TLS_INVALID', label, e.reason);
  if (e.code === 'SIGMA_E_PROBE_TOO_LARGE') return probeFinding('PROBE_RESPONSE_TOO_LARGE', label, e.reason);
  if (e.code === 'SIGMA_E_PROBE_REDIRECT_FORBIDDEN') {
    const internal = e.cause === 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN';
    return probeFinding('PROBE_REDIRECT_REFUSED', label, e.reason, internal ? { severity: 'HIGH', blocksApproval: true } : {});
  }
  if (e.code === 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN') return probeFinding('PROBE_ENDPOINT_REFUSED', label, e.reason);
  if (e.code === 'SIGMA_E_PROBE_URL_INVALID' || e.code === 'SIGMA_E_PROBE_PORT_FORBIDDEN' || e.code === 'SIGMA_E_PROBE_METHOD_FORBIDDEN')
    return probeFinding('PROBE_ENDPOINT_INVALID', label, e.reason);
  if (UNREACHABLE.has(e.code)) return probeFinding('PROBE_ENDPOINT_UNREACHABLE', label, e.reason);
  return null;
}

export interface EvaluateInput {
  declared: DeclaredEndpoint;
  probeMethod: string;
  probeUrl: string;
  result: GuardedResult;
  /** Hosts the declaration names (all declared endpoints and the sandbox base URL). */
  declaredHosts: ReadonlySet<string>;
  /** True when `probeUrl` is the developer's sandbox (not the declared URL itself). */
  sandbox: boolean;
}

export function evaluate(inp: EvaluateInput): { result: EndpointProbeResult; findings: ProbeFinding[] } {
  const { declared: d, result: g } = inp;
  const label = endpointLabel(d);
  const findings: ProbeFinding[] = [];
  const base = skippedResult(d, '');
  const auth = authDeclared(d.auth);
  const status = g.status;
  const headers = g.headers;
  const contentType = headers?.['content-type']?.split(';')[0]?.trim().toLowerCase() || null;
  const out: EndpointProbeResult = {
    ...base,
    outcome: 'PASSED',
    skipReason: null,
    probeMethod: inp.probeMethod,
    probeUrl: inp.probeUrl,
    error: g.ok ? null : g.error,
    status,
    statusClass: statusClassOf(status),
    latencyMs: g.ok ? g.latencyMs : null,
    tls: g.tls,
    contentType,
    redirects: g.redirects,
    finalUrl: g.ok ? g.finalUrl : null,
  };
  if (!g.ok) {
    const f = errorFinding(label, g.error);
    if (f) findings.push(f);
    const beforeConnect = g.stage === 'url' || (g.stage === 'resolve' && g.error.code === 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN');
    out.outcome = beforeConnect ? 'REFUSED' : g.error.code === 'SIGMA_E_PROBE_TOO_LARGE' ? 'PASSED' : 'FAILED';
  }
  // Auth requirement, from the final status without credentials.
  if (status !== null) {
    out.authRequired = status === 401 || status === 403 || status === 407 ? true : status < 400 ? false : null;
    if (out.authRequired === true && auth === false) findings.push(probeFinding('PROBE_AUTH_UNDECLARED', label, `answered ${status} without credentials`));
    if (out.authRequired === false && auth === true && status >= 200 && status < 300)
      findings.push(probeFinding('PROBE_AUTH_NOT_ENFORCED', label, `answered ${status} without credentials`));
    if (status === 404 || status === 410) findings.push(probeFinding('PROBE_ENDPOINT_MISSING', label, `answered ${status}`));
    if (status >= 500) findings.push(probeFinding('PROBE_SERVER_ERROR', label, `answered ${status}`));
  }
  // TLS and transport.
  const probeHttps = inp.probeUrl.startsWith('https:');
  if (!probeHttps && !inp.sandbox)
    findings.push(
      probeFinding(
        'PROBE_PLAINTEXT_HTTP',
        label,
        auth ? 'the endpoint is declared with auth, so credentials travel in clear' : 'no TLS',
        auth ? { severity: 'HIGH' } : {},
      ),
    );
  if (g.tls?.valid && g.tls.daysRemaining !== null && g.tls.daysRemaining < 14)
    findings.push(probeFinding('PROBE_TLS_EXPIRING', label, `expires ${g.tls.validTo ?? 'soon'} (${g.tls.daysRemaining} days)`));
  // Hosts seen on the way.
  const seen = [...g.redirects.map((h) => h.url), ...(g.ok ? [g.finalUrl] : [])].map(hostOfUrl).filter((h): h is string => h !== null);
  for (const h of [...new Set(seen)]) if (!inp.declaredHosts.has(h)) findings.push(probeFinding('PROBE_REDIRECT_UNDECLARED_HOST', label, `reached ${h}`));
  // Shape.
  if (g.ok && status !== null && status >= 200 && status < 300 && inp.probeMethod !== 'HEAD' && inp.probeMethod !== 'OPTIONS') {
    const body = parseJsonBody(g.body, contentType);
    out.shape = body === undefined ? null : jsonShape(body);
    out.shapeCheck = checkShape(d.responseSchema, body);
  } else if (d.responseSchema !== null) {
    const why = !g.ok
      ? g.error.code === 'SIGMA_E_PROBE_TOO_LARGE'
        ? 'the body is over the size cap; not compared'
        : 'no response to compare'
      : out.authRequired
        ? 'the endpoint requires auth; the body was not compared'
        : status !== null && (status < 200 || status >= 300)
          ? `status ${status}; the body was not compared`
          : `${inp.probeMethod} has no body to compare`;
    out.shapeCheck = checkShape(d.responseSchema, undefined, why);
  }
  if (out.shapeCheck.matches === false) findings.push(probeFinding('PROBE_SHAPE_MISMATCH', label, out.shapeCheck.problems.join('; ')));
  if (out.outcome === 'PASSED' && findings.some((f) => f.severity !== 'INFO' && f.severity !== 'LOW')) out.outcome = 'FAILED';
  out.findingIds = findings.map((f) => f.id);
  return { result: out, findings };
}
