import { and, eq } from 'drizzle-orm';
import { skillHash, type SourceDrift } from '@sigma/core';
import { mirrorUrl } from '../../config-git.js';
import { certificateChecks, certificates } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { effectiveStatus } from '../certificates/live-status.js';
import { getCertificateRow, parseSnapshot } from '../certificates/rows.js';
import { realEngine, type Engine } from '../evidence/engine.js';
import { recordEvent } from '../lifecycle/timeline.js';
import { skillFileOf } from '../submissions/service.js';
import { checkRow } from './checks.js';

/**
 * Job `certificates.source-drift`: fetch the certificate's git source at its default branch (HEAD of
 * a fresh clone, through the operator's mirror when one is configured), hash its SKILL.md as at
 * submission and compare with the certified `skillHash`. The result is a live field; when the source
 * becomes stale the certificate's public history says so once. Nothing is executed from the source.
 */
export async function runSourceDrift(s: Services, certificateId: string, engine: Engine = realEngine): Promise<SourceDrift | null> {
  const row = await checkRow(s.db, certificateId, 'SOURCE_DRIFT');
  if (!row) return null;
  const cert = await getCertificateRow(s.db, certificateId);
  const snapshot = parseSnapshot(cert);
  const url = snapshot.source.sourceUrl;
  const certifiedHash = snapshot.skillHash;
  const where = and(eq(certificateChecks.certificateId, certificateId), eq(certificateChecks.kind, 'SOURCE_DRIFT'));
  if (effectiveStatus(cert, s.clock) !== 'APPROVED' && effectiveStatus(cert, s.clock) !== 'SUSPENDED') {
    await s.db.update(certificateChecks).set({ nextCheckAt: null }).where(where);
    return null;
  }
  if (!url || !certifiedHash) return null;
  const limits = { maxFiles: s.config.limits.maxFiles, maxTotalBytes: s.config.limits.maxTotalBytes, maxFileBytes: s.config.limits.maxFileBytes };
  const { fetchUrl } = mirrorUrl(s.config.gitMirrors, url);
  const ingest = await engine.ingestPath(fetchUrl, { limits });
  const checkedAt = s.clock.now();
  const unreadable = ingest.files.length === 0 || ingest.problems.some((p) => p.ruleId === 'UNANALYZABLE_SOURCE');
  const skill = unreadable ? undefined : skillFileOf(ingest.files);
  const currentHash = skill ? skillHash(skill.bytes) : null;
  const drift: SourceDrift = unreadable
    ? {
        stale: null,
        certifiedHash,
        currentHash: null,
        currentCommit: null,
        checkedAt: checkedAt.toISOString(),
        error: { code: 'SIGMA_E_PROBE_SOURCE_UNREADABLE', reason: 'the git source could not be read at its default branch', cause: null },
      }
    : {
        stale: currentHash !== certifiedHash,
        certifiedHash,
        currentHash,
        currentCommit: ingest.source.ref ?? null,
        checkedAt: checkedAt.toISOString(),
        error: null,
      };
  const interval = row.intervalSeconds ?? s.config.liveChecks.driftIntervalSeconds;
  await s.db.transaction(async (tx) => {
    const locked = await checkRow(tx, certificateId, 'SOURCE_DRIFT', true);
    if (!locked) return;
    const wasStale = (locked.result as { stale?: unknown } | null)?.stale === true;
    await tx
      .update(certificateChecks)
      .set({
        checkedAt,
        checksDone: locked.checksDone + 1,
        result: drift as unknown as Record<string, unknown>,
        nextCheckAt: new Date(checkedAt.getTime() + interval * 1000),
      })
      .where(where);
    // On the certificate row too: verify answers `sourceStale` from it (its change notice refreshes caches).
    if (cert.sourceStale !== drift.stale) await tx.update(certificates).set({ sourceStale: drift.stale }).where(eq(certificates.id, certificateId));
    if (drift.stale === true && !wasStale)
      await recordEvent(tx, cert.submissionId, {
        type: 'certificate.source_drift',
        message: `The default branch of ${url} no longer matches the certified SKILL.md${drift.currentCommit ? ` (commit ${drift.currentCommit})` : ''}.`,
        data: { certificateId, currentHash: drift.currentHash, currentCommit: drift.currentCommit },
      });
  });
  return drift;
}
