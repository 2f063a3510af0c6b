import { EndpointProbeResult } from '@sigma/core';
import type { EndpointReview, MonitoringCheck, MonitoringDrift, MonitoringFailure } from '@sigma/core';
import { endpointLabel, hostOfUrl } from './evaluate.js';
import { READ_ONLY_METHODS } from './guard.js';
import type { GuardPolicy } from './policy.js';
import { probeOne } from './probe.js';

/**
 * Monitoring of an API certificate (SPEC §6): re-probe the certified endpoints exactly as they were
 * probed (same method, same URL, through the same guard) and compare with the sealed
 * `endpointReview`. The server schedules it and opens a flag when `ok` is false. See docs/probe.md §3.
 *
 * - failures: an endpoint that answered at certification no longer does (unreachable, refused,
 *   TLS now invalid, redirect now refused).
 * - drift: status class changed, auth requirement changed, top-level JSON shape changed (type, or a
 *   certified key gone; new keys are not drift), or the final host changed.
 * - notCompared: endpoints skipped or refused at certification, non-read-only ones (monitoring never
 *   re-sends a method that changes data), and entries without a readable baseline.
 */

export interface MonitorOptions {
  policy: GuardPolicy;
  now?: () => Date;
  concurrency?: number;
}

function shapeDrift(label: string, was: EndpointProbeResult, now: EndpointProbeResult): MonitoringDrift | null {
  if (!was.shape || was.statusClass !== '2xx' || now.statusClass !== '2xx') return null;
  if (!now.shape) return { endpoint: label, kind: 'SHAPE', certified: was.shape.type, current: 'not JSON', detail: 'the body is no longer JSON' };
  if (now.shape.type !== was.shape.type)
    return {
      endpoint: label,
      kind: 'SHAPE',
      certified: was.shape.type,
      current: now.shape.type,
      detail: `the body is now ${now.shape.type}, was ${was.shape.type}`,
    };
  const gone = was.shape.keys.filter((k) => !now.shape!.keys.includes(k));
  if (gone.length)
    return {
      endpoint: label,
      kind: 'SHAPE',
      certified: was.shape.keys.join(','),
      current: now.shape.keys.join(','),
      detail: `keys no longer returned: ${gone.slice(0, 20).join(', ')}`,
    };
  if (was.shape.itemType && now.shape.itemType && was.shape.itemType !== now.shape.itemType)
    return { endpoint: label, kind: 'SHAPE', certified: was.shape.itemType, current: now.shape.itemType, detail: 'array items changed type' };
  return null;
}

export function compareEndpoint(was: EndpointProbeResult, now: EndpointProbeResult): { drift: MonitoringDrift[]; failure: MonitoringFailure | null } {
  const label = endpointLabel(was);
  const drift: MonitoringDrift[] = [];
  const answeredBefore = was.status !== null;
  if (answeredBefore && now.status === null)
    return { drift, failure: { endpoint: label, code: now.error?.code ?? null, reason: now.error?.reason ?? 'no answer' } };
  if (was.tls?.valid && now.tls && !now.tls.valid)
    return { drift, failure: { endpoint: label, code: 'SIGMA_E_PROBE_TLS_INVALID', reason: `TLS is no longer valid (${now.tls.error ?? 'unknown'})` } };
  if (answeredBefore && now.error?.code === 'SIGMA_E_PROBE_REDIRECT_FORBIDDEN' && was.error?.code !== 'SIGMA_E_PROBE_REDIRECT_FORBIDDEN')
    return { drift, failure: { endpoint: label, code: now.error.code, reason: now.error.reason } };
  if (was.statusClass && now.statusClass && was.statusClass !== now.statusClass)
    drift.push({
      endpoint: label,
      kind: 'STATUS_CLASS',
      certified: `${was.status}`,
      current: `${now.status}`,
      detail: `answers ${now.status}, certified ${was.status}`,
    });
  if (was.authRequired !== null && now.authRequired !== null && was.authRequired !== now.authRequired)
    drift.push({
      endpoint: label,
      kind: 'AUTH',
      certified: String(was.authRequired),
      current: String(now.authRequired),
      detail: now.authRequired ? 'now requires credentials' : 'no longer requires credentials',
    });
  const s = shapeDrift(label, was, now);
  if (s) drift.push(s);
  const wasHost = hostOfUrl(was.finalUrl);
  const nowHost = hostOfUrl(now.finalUrl);
  if (wasHost && nowHost && wasHost !== nowHost)
    drift.push({ endpoint: label, kind: 'HOST', certified: wasHost, current: nowHost, detail: `now ends at ${nowHost}, certified ${wasHost}` });
  return { drift, failure: null };
}

export async function monitorEndpoints(certified: EndpointReview, opts: MonitorOptions): Promise<MonitoringCheck> {
  const now = opts.now ?? (() => new Date());
  const notCompared: MonitoringCheck['notCompared'] = [];
  const baselines: EndpointProbeResult[] = [];
  for (const raw of certified.declaredEndpoints) {
    const parsed = EndpointProbeResult.safeParse(raw);
    if (!parsed.success) {
      const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
      notCompared.push({ endpoint: `${String(o['method'] ?? '?')} ${String(o['url'] ?? '?')}`, reason: 'the certified entry has no probe baseline' });
      continue;
    }
    const e = parsed.data;
    if (e.outcome === 'SKIPPED' || e.outcome === 'REFUSED' || !e.probeMethod || !e.probeUrl)
      notCompared.push({ endpoint: endpointLabel(e), reason: `${e.outcome.toLowerCase()} at certification${e.skipReason ? `: ${e.skipReason}` : ''}` });
    else if (!READ_ONLY_METHODS.has(e.probeMethod)) notCompared.push({ endpoint: endpointLabel(e), reason: `monitoring does not re-send ${e.probeMethod}` });
    else baselines.push(e);
  }
  const declaredHosts = new Set(
    baselines.flatMap((b) => [b.host, hostOfUrl(b.finalUrl), ...b.redirects.map((h) => hostOfUrl(h.url))]).filter((h): h is string => h !== null),
  );
  const results: EndpointProbeResult[] = new Array<EndpointProbeResult>(baselines.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < baselines.length) {
      const i = next++;
      const b = baselines[i]!;
      const declared = {
        method: b.method,
        url: b.url,
        absoluteUrl: b.probeUrl,
        auth: b.declaredAuth,
        reason: b.reason,
        declaredFrom: b.declaredFrom,
        responseSchema: null,
      };
      results[i] = (await probeOne({ declared, method: b.probeMethod!, url: b.probeUrl!, sandbox: false }, opts.policy, declaredHosts)).result;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, baselines.length) }, worker));
  const drift: MonitoringDrift[] = [];
  const failures: MonitoringFailure[] = [];
  baselines.forEach((b, i) => {
    const c = compareEndpoint(b, results[i]!);
    drift.push(...c.drift);
    if (c.failure) failures.push(c.failure);
  });
  return { ok: drift.length === 0 && failures.length === 0, checkedAt: now().toISOString(), drift, failures, notCompared, endpoints: results };
}
