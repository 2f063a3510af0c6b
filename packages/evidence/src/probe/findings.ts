import type { Finding, Severity } from '@sigma/core';
import { cleanExcerpt, findingId } from '../findings.js';

/**
 * Findings of the live endpoint review. They join the evidence report's `findings[]` (the server
 * merges them); none is `blocking` (blocking means "reject before the council", kept for clear
 * malice), but rules marked `blocksApproval` set `endpointReview.approvalBlocked`, which stops an
 * APPROVE and escalates (SPEC §5).
 */

export interface ProbeRule {
  id: string;
  title: string;
  severity: Severity;
  blocksApproval: boolean;
  why: string;
  remediation: string;
}

const r = (id: string, title: string, severity: Severity, blocksApproval: boolean, why: string, remediation: string): ProbeRule => ({
  id,
  title,
  severity,
  blocksApproval,
  why,
  remediation,
});

export const PROBE_RULES = {
  PROBE_ENDPOINT_REFUSED: r(
    'PROBE_ENDPOINT_REFUSED',
    'Declared endpoint points at a non-public address',
    'HIGH',
    true,
    'The endpoint is, or resolves to, a private, loopback, link-local or metadata address. An agent following the skill would reach into its own network; SIGMA does not connect there.',
    'Declare the public URL of the API. Internal endpoints cannot be certified unless the operator allow-lists them.',
  ),
  PROBE_ENDPOINT_INVALID: r(
    'PROBE_ENDPOINT_INVALID',
    'Declared endpoint is not a probeable URL',
    'MEDIUM',
    false,
    'The declared URL is not an http(s) URL SIGMA can request (another scheme, credentials inside it, or a port SIGMA does not connect to).',
    'Declare a plain https URL; pass credentials in headers at run time, never in the URL.',
  ),
  PROBE_ENDPOINT_UNREACHABLE: r(
    'PROBE_ENDPOINT_UNREACHABLE',
    'Declared endpoint is unreachable',
    'HIGH',
    false,
    'The endpoint did not answer (name not resolving, connection refused, or timeout), so nothing about it could be reviewed.',
    'Make sure the endpoint is publicly reachable, or remove it from externalCalls.',
  ),
  PROBE_TLS_INVALID: r(
    'PROBE_TLS_INVALID',
    'Endpoint TLS certificate is not valid',
    'HIGH',
    true,
    'The certificate failed verification (expired, self-signed, untrusted issuer or wrong name). Agents would either fail or be taught to skip verification.',
    'Serve a valid certificate from a public CA for the declared host name.',
  ),
  PROBE_TLS_EXPIRING: r(
    'PROBE_TLS_EXPIRING',
    'Endpoint TLS certificate expires soon',
    'LOW',
    false,
    'The certificate is valid but expires within 14 days.',
    'Renew the certificate (automate renewal).',
  ),
  PROBE_PLAINTEXT_HTTP: r(
    'PROBE_PLAINTEXT_HTTP',
    'Endpoint uses plain http',
    'LOW',
    false,
    'Requests and answers travel unencrypted and can be read or altered on the way.',
    'Serve and declare the endpoint over https.',
  ),
  PROBE_AUTH_UNDECLARED: r(
    'PROBE_AUTH_UNDECLARED',
    'Endpoint requires authentication the manifest does not declare',
    'MEDIUM',
    false,
    'Without credentials the endpoint answered 401/403, but the declaration says no auth, so the skill must obtain a credential it does not declare.',
    'Declare the auth scheme in externalCalls (auth: bearer, api-key, …) and document where the credential comes from.',
  ),
  PROBE_AUTH_NOT_ENFORCED: r(
    'PROBE_AUTH_NOT_ENFORCED',
    'Endpoint declared as authenticated answers without credentials',
    'MEDIUM',
    false,
    'The declaration says the endpoint needs auth, yet it answered successfully to a request without credentials.',
    'Correct the declaration, or enforce authentication on the endpoint.',
  ),
  PROBE_SHAPE_MISMATCH: r(
    'PROBE_SHAPE_MISMATCH',
    'Response does not match the declared shape',
    'MEDIUM',
    false,
    'The response body differs from the declared response schema at the top level.',
    'Update the declared response schema, or fix the endpoint.',
  ),
  PROBE_REDIRECT_UNDECLARED_HOST: r(
    'PROBE_REDIRECT_UNDECLARED_HOST',
    'Endpoint redirects to an undeclared host',
    'MEDIUM',
    false,
    'Following the endpoint leads to a host the manifest does not declare, so data reaches a party the reviewers were not told about.',
    'Declare the final host, or call it directly.',
  ),
  PROBE_REDIRECT_REFUSED: r(
    'PROBE_REDIRECT_REFUSED',
    'Endpoint redirect refused',
    'MEDIUM',
    false,
    'The endpoint redirects somewhere SIGMA does not follow (a non-public address, a downgrade to http, or too many hops).',
    'Declare the endpoint that answers directly, over https, on a public address.',
  ),
  PROBE_ENDPOINT_MISSING: r(
    'PROBE_ENDPOINT_MISSING',
    'Declared endpoint does not exist',
    'MEDIUM',
    false,
    'The endpoint answered 404 or 410.',
    'Fix the declared URL or remove it.',
  ),
  PROBE_SERVER_ERROR: r(
    'PROBE_SERVER_ERROR',
    'Endpoint answered with a server error',
    'LOW',
    false,
    'The endpoint answered 5xx.',
    'Check the endpoint is healthy.',
  ),
  PROBE_RESPONSE_TOO_LARGE: r(
    'PROBE_RESPONSE_TOO_LARGE',
    'Response larger than the probe reads',
    'INFO',
    false,
    'The response passed the size cap and was aborted; its shape was not compared.',
    'Nothing to do unless a shape was declared; a smaller response (pagination) keeps agents fast.',
  ),
} as const satisfies Record<string, ProbeRule>;

export type ProbeRuleId = keyof typeof PROBE_RULES;

export interface ProbeFinding extends Finding {
  blocksApproval: boolean;
}

export function probeFinding(
  ruleId: ProbeRuleId,
  endpoint: string,
  detail: string,
  over: { severity?: Severity; blocksApproval?: boolean } = {},
): ProbeFinding {
  const rule: ProbeRule = PROBE_RULES[ruleId];
  const excerpt = cleanExcerpt(`${endpoint}: ${detail}`);
  return {
    id: findingId(ruleId, null, null, excerpt),
    ruleId,
    title: rule.title,
    severity: over.severity ?? rule.severity,
    confidence: 'HIGH',
    file: null,
    line: null,
    excerpt,
    why: `${rule.why} ${cleanExcerpt(detail)}`,
    remediation: rule.remediation,
    tags: ['OWASP-AST04', 'category:endpoint'],
    blocking: false,
    blocksApproval: over.blocksApproval ?? rule.blocksApproval,
  };
}

/** Drops the probe-only flag so the finding matches the core `Finding` schema exactly. */
export function toFinding(f: ProbeFinding): Finding {
  const { blocksApproval: _b, ...rest } = f;
  return rest;
}
