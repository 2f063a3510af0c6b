import type { Services } from '../../services.js';
import { dueChecks } from './checks.js';

const BATCH = 200;

/**
 * Part of `certificates.sweep`: enqueue the live checks that are due (site proofs and source drift are
 * re-checked on their interval; a monitoring check whose chained job was lost is enqueued again). The
 * jobs fold duplicates by key and re-read their row, so an extra enqueue changes nothing.
 */
export async function enqueueDueChecks(s: Services): Promise<number> {
  const rows = await dueChecks(s.db, ['MONITOR', 'SITE_PROOF', 'SOURCE_DRIFT'], s.clock.now(), BATCH);
  if (!rows.length) return 0;
  await s.transact(async (_tx, next) => {
    for (const r of rows) {
      if (r.kind === 'MONITOR') await next.monitor(r.certificateId, r.checksDone + 1, 0);
      else if (r.kind === 'SITE_PROOF') await next.siteProof(r.certificateId);
      else await next.sourceDrift(r.certificateId);
    }
  });
  return rows.length;
}
