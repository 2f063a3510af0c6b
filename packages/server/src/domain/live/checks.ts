import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { DomainProof, MonitoringCheck, SourceDrift, type CertificateSnapshot, type MonitoringStatus, type SiteProofStatus } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificateChecks, type CertificateCheckKind } from '../../db/schema/index.js';
import type { Config } from '../../config.js';
import type { Next } from '../lifecycle/next.js';

/**
 * Live checks of a certificate (SPEC §6), one row per certificate and kind in `certificate_checks`:
 * MONITOR (API* certificates: scheduled re-probes of the certified endpoints), SITE_PROOF (the owner's
 * homepage links to the certificate page) and SOURCE_DRIFT (git sources: the default branch's SKILL.md
 * vs the certified `skillHash`). Their results are live fields, outside the hash.
 */

export type CheckRow = typeof certificateChecks.$inferSelect;

/** Whether a sealed certificate gets a monitoring plan: an endpoint review that probed something, probing on, a plan configured. */
export function monitorPlanned(config: Config, snapshot: CertificateSnapshot): boolean {
  const review = snapshot.endpointReview;
  if (!review || config.probe.mode === 'off' || config.liveChecks.monitorChecks <= 0) return false;
  return review.declaredEndpoints.length > 0;
}

/** In the seal's transaction: the live-check rows of a new certificate, and the first monitoring check. */
export async function planLiveChecks(
  tx: DbOrTx,
  next: Next,
  config: Config,
  input: { certificateId: string; snapshot: CertificateSnapshot; now: Date },
): Promise<void> {
  const { certificateId, snapshot, now } = input;
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  if (monitorPlanned(config, snapshot)) {
    const interval = config.liveChecks.monitorIntervalSeconds;
    await tx
      .insert(certificateChecks)
      .values({ certificateId, kind: 'MONITOR', checksRemaining: config.liveChecks.monitorChecks, intervalSeconds: interval, nextCheckAt: at(interval) })
      .onConflictDoNothing();
    await next.monitor(certificateId, 1, interval);
  }
  if (snapshot.source.sourceType === 'git' && snapshot.source.sourceUrl && snapshot.skillHash) {
    const interval = config.liveChecks.driftIntervalSeconds;
    await tx
      .insert(certificateChecks)
      .values({ certificateId, kind: 'SOURCE_DRIFT', target: snapshot.source.sourceUrl, intervalSeconds: interval, nextCheckAt: at(interval) })
      .onConflictDoNothing();
  }
}

export async function checkRow(db: DbOrTx, certificateId: string, kind: CertificateCheckKind, lock = false): Promise<CheckRow | undefined> {
  const q = db
    .select()
    .from(certificateChecks)
    .where(and(eq(certificateChecks.certificateId, certificateId), eq(certificateChecks.kind, kind)))
    .limit(1);
  return (lock ? await q.for('update') : await q)[0];
}

/** Rows of `kinds` whose next check is due (the sweep enqueues them; their jobs are idempotent). */
export async function dueChecks(db: DbOrTx, kinds: CertificateCheckKind[], now: Date, limit: number): Promise<CheckRow[]> {
  return db
    .select()
    .from(certificateChecks)
    .where(and(inArray(certificateChecks.kind, kinds), isNotNull(certificateChecks.nextCheckAt), lte(certificateChecks.nextCheckAt, now)))
    .orderBy(asc(certificateChecks.nextCheckAt))
    .limit(limit);
}

export interface LiveChecks {
  monitoring: MonitoringStatus | null;
  siteProof: SiteProofStatus | null;
  sourceDrift: SourceDrift | null;
}

/** The public view of a certificate's live checks (a stored result that no longer parses shows as not checked). */
export async function liveChecksOf(db: DbOrTx, certificateId: string): Promise<LiveChecks> {
  const rows = await db.select().from(certificateChecks).where(eq(certificateChecks.certificateId, certificateId));
  const out: LiveChecks = { monitoring: null, siteProof: null, sourceDrift: null };
  for (const r of rows) {
    if (r.kind === 'MONITOR') {
      const last = r.result ? MonitoringCheck.omit({ endpoints: true }).safeParse(r.result) : null;
      out.monitoring = {
        checksRemaining: r.checksRemaining ?? 0,
        checksDone: r.checksDone,
        intervalSeconds: r.intervalSeconds ?? 0,
        nextCheckAt: r.nextCheckAt?.toISOString() ?? null,
        last: last?.success ? last.data : null,
        flagId: r.flagId,
      };
    } else if (r.kind === 'SITE_PROOF' && r.target) {
      const check = r.result ? DomainProof.safeParse(r.result) : null;
      out.siteProof = { homepageUrl: r.target, requestedAt: r.createdAt.toISOString(), check: check?.success ? check.data : null };
    } else if (r.kind === 'SOURCE_DRIFT' && r.result) {
      const drift = SourceDrift.safeParse(r.result);
      if (drift.success) out.sourceDrift = drift.data;
    }
  }
  return out;
}
