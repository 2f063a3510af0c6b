import type { EndpointReview, Manifest } from '@sigma/core';
import { absoluteUrlOf } from './endpoints.js';
import { hostOfUrl } from './evaluate.js';

/**
 * `apiDisclaimer` of a verify response (SPEC §6), recomputed on every verify "whenever outbound
 * HTTP use is evident": the manifest says `safety.network: outbound`, declares externalCalls,
 * or names http(s) URLs, or the endpoint review lists endpoints. Null otherwise.
 */

export interface DisclaimerInput {
  manifest: Manifest;
  endpointReview?: EndpointReview | null;
  /** The latest monitoring check, when the certificate is monitored. */
  monitoring?: { checkedAt: string; ok: boolean } | null;
}

export function outboundHttpEvident(i: DisclaimerInput): boolean {
  const m = i.manifest;
  return (
    m.safety.network === 'outbound' ||
    m.externalCalls.length > 0 ||
    m.urls.some((u) => /^(?:https?:)?\/\//i.test(u)) ||
    (i.endpointReview?.declaredEndpoints.length ?? 0) > 0
  );
}

function day(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

function namedHosts(m: Manifest): string[] {
  const fromCalls = m.externalCalls.map((c) => hostOfUrl(absoluteUrlOf(c.url))).filter((h): h is string => h !== null);
  return [...new Set(fromCalls.length ? fromCalls : m.hosts)].sort();
}

export function apiDisclaimer(i: DisclaimerInput): string | null {
  if (!outboundHttpEvident(i)) return null;
  const hosts = namedHosts(i.manifest);
  const to = hosts.length === 0 ? '' : ` to ${hosts.slice(0, 3).join(', ')}${hosts.length > 3 ? ` and ${hosts.length - 3} more` : ''}`;
  const parts = [`This skill makes outbound HTTP calls${to}.`];
  const r = i.endpointReview;
  if (!r || r.endpointStatus === 'SKIPPED' || r.analysisMode === 'OFFLINE') {
    parts.push('SIGMA did not probe its endpoints live; what they return was not reviewed.');
  } else {
    const n = r.declaredEndpoints.length - r.skippedEndpoints.length;
    const skipped = r.skippedEndpoints.length ? `, ${r.skippedEndpoints.length} skipped` : '';
    const how = r.analysisMode === 'SANDBOX' ? "live (methods that change data only against the developer's sandbox)" : 'read-only';
    parts.push(`SIGMA probed ${n} declared endpoint${n === 1 ? '' : 's'} ${how} on ${day(r.analyzedAt)} (endpoint status ${r.endpointStatus}${skipped}).`);
  }
  if (i.monitoring)
    parts.push(`The latest monitoring check (${day(i.monitoring.checkedAt)}) ${i.monitoring.ok ? 'found no change' : 'found drift or failures'}.`);
  parts.push('Remote services can change at any time and are not covered by this certificate; treat what they return as untrusted input.');
  return parts.join(' ');
}
