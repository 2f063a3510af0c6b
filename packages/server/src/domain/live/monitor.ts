import { and, eq, inArray } from 'drizzle-orm';
import { newId24, type MonitoringCheck } from '@sigma/core';
import { createGuardPolicy, monitorEndpoints } from '@sigma/evidence';
import { certificateChecks, certificateFlags } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { effectiveStatus } from '../certificates/live-status.js';
import { getCertificateRow, parseSnapshot } from '../certificates/rows.js';
import { ACTIVE_FLAG_STATUSES } from '../flags/service.js';
import { recordEvent } from '../lifecycle/timeline.js';
import { checkRow } from './checks.js';

/** Monitoring runs while the certificate is current; a SUSPENDED one is still watched (its re-audit may restore it). */
const WATCHED = new Set(['APPROVED', 'SUSPENDED']);

export type MonitorOutcome = 'checked' | 'already-done' | 'stopped';

/**
 * Job `certificates.monitor` (check n of a certificate's plan): re-probe the certified endpoints
 * through the outbound guard, outside any transaction; then, in one transaction, record the result,
 * count the check, open one flag when the check fails (unless a flag it opened is still active),
 * and enqueue check n+1 after the interval. Idempotent: a check already counted changes nothing.
 */
export async function runMonitorCheck(s: Services, certificateId: string, check: number): Promise<MonitorOutcome> {
  const row = await checkRow(s.db, certificateId, 'MONITOR');
  if (!row || row.checksDone >= check) return 'already-done';
  const cert = await getCertificateRow(s.db, certificateId);
  const review = parseSnapshot(cert).endpointReview;
  if (!WATCHED.has(effectiveStatus(cert, s.clock)) || !review || (row.checksRemaining ?? 0) <= 0) {
    await s.db
      .update(certificateChecks)
      .set({ nextCheckAt: null })
      .where(and(eq(certificateChecks.certificateId, certificateId), eq(certificateChecks.kind, 'MONITOR')));
    return 'stopped';
  }
  const policy = createGuardPolicy({ allowList: s.config.probe.allowList, totalTimeoutMs: s.config.probe.timeoutMs });
  const result = await monitorEndpoints(review, { policy, now: () => s.clock.now() });

  return s.transact(async (tx, next) => {
    const locked = await checkRow(tx, certificateId, 'MONITOR', true);
    if (!locked || locked.checksDone >= check) return 'already-done';
    const now = s.clock.now();
    const remaining = Math.max(0, (locked.checksRemaining ?? 0) - 1);
    const interval = locked.intervalSeconds ?? s.config.liveChecks.monitorIntervalSeconds;
    let flagId = locked.flagId;
    if (!result.ok) {
      const active = flagId
        ? (
            await tx
              .select({ id: certificateFlags.id })
              .from(certificateFlags)
              .where(and(eq(certificateFlags.id, flagId), inArray(certificateFlags.status, ACTIVE_FLAG_STATUSES)))
              .limit(1)
          )[0]
        : undefined;
      if (!active) {
        flagId = newId24();
        await tx.insert(certificateFlags).values({
          id: flagId,
          certificateId,
          reason: flagReason(check, result),
          evidence: flagEvidence(result),
          contact: null,
          status: 'OPEN',
          data: { source: 'MONITOR', check, checkedAt: result.checkedAt },
        });
        await recordEvent(tx, cert.submissionId, {
          type: 'certificate.monitor_failed',
          message: `Monitoring check ${check} of certificate ${certificateId} failed; flag ${flagId} opened for review.`,
          data: { certificateId, check, flagId, failures: result.failures.length, drift: result.drift.length },
        });
      }
    }
    await tx
      .update(certificateChecks)
      .set({
        checksDone: check,
        checksRemaining: remaining,
        checkedAt: now,
        result: result as unknown as Record<string, unknown>,
        flagId,
        nextCheckAt: remaining > 0 ? new Date(now.getTime() + interval * 1000) : null,
      })
      .where(and(eq(certificateChecks.certificateId, certificateId), eq(certificateChecks.kind, 'MONITOR')));
    if (remaining > 0) await next.monitor(certificateId, check + 1, interval);
    return 'checked';
  });
}

function flagReason(check: number, r: MonitoringCheck): string {
  const parts = [];
  if (r.failures.length) parts.push(`${r.failures.length} endpoint(s) no longer answer as certified`);
  if (r.drift.length) parts.push(`${r.drift.length} change(s) from the certified behaviour`);
  return `Automatic: monitoring check ${check} failed (${parts.join('; ') || 'see evidence'}).`;
}

/** One line per failure and drift, bounded: the text came partly from the remote host. */
function flagEvidence(r: MonitoringCheck): string {
  const lines = [
    ...r.failures.map((f) => `failure ${f.endpoint}: ${f.code ?? 'no code'} ${f.reason}`),
    ...r.drift.map((d) => `drift ${d.kind} ${d.endpoint}: ${d.detail}`),
  ];
  return lines
    .slice(0, 50)
    .map((l) => l.slice(0, 300))
    .join('\n');
}
