import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificateFlags } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { audit } from '../audit/log.js';
import { moveCertificates } from '../lifecycle/certificates.js';
import { CoherentCache, type CacheCoherence } from '../certificates/coherence.js';
import { getCertificateRow } from '../certificates/rows.js';
import { startReaudit } from '../certificates/reaudit.js';
import type { Transact } from '../lifecycle/next.js';

export const FLAG_STATUSES = ['OPEN', 'ESCALATED', 'UPHELD', 'DISMISSED'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
/** Flags that still count against a certificate (`activeFlagCount`). */
export const ACTIVE_FLAG_STATUSES: FlagStatus[] = ['OPEN', 'ESCALATED'];

/** Triage moves: OPEN → any decision; ESCALATED → a final decision; UPHELD and DISMISSED are final. */
const NEXT: Record<FlagStatus, readonly FlagStatus[]> = {
  OPEN: ['ESCALATED', 'UPHELD', 'DISMISSED'],
  ESCALATED: ['UPHELD', 'DISMISSED'],
  UPHELD: [],
  DISMISSED: [],
};

export type FlagRow = typeof certificateFlags.$inferSelect;

export function flagView(r: FlagRow) {
  return {
    flagId: r.id,
    certificateId: r.certificateId,
    reason: r.reason,
    evidence: r.evidence,
    contact: r.contact,
    status: r.status as FlagStatus,
    createdAt: r.createdAt.toISOString(),
    triagedBy: r.triagedBy,
    triagedAt: r.triagedAt?.toISOString() ?? null,
    resolution: r.resolution,
    /** UPHELD: the REAUDIT round it started (or joined, when one was already open). */
    reauditRoundId: typeof r.data?.reauditRoundId === 'string' ? r.data.reauditRoundId : null,
    source: r.data?.source === 'MONITOR' ? ('MONITOR' as const) : ('PUBLIC' as const),
  };
}

/** Anyone may flag a certificate (the route is rate-limited). */
export async function fileFlag(db: DbOrTx, certificateId: string, input: { reason: string; evidence: string; contact?: string | undefined }) {
  await getCertificateRow(db, certificateId);
  const id = newId24();
  await db
    .insert(certificateFlags)
    .values({ id, certificateId, reason: input.reason, evidence: input.evidence, contact: input.contact ?? null, status: 'OPEN' });
  return { flagId: id, status: 'OPEN' as const };
}

export async function listFlags(db: DbOrTx, opts: { status?: FlagStatus; limit: number }) {
  const rows = await db
    .select()
    .from(certificateFlags)
    .where(opts.status ? eq(certificateFlags.status, opts.status) : undefined)
    .orderBy(desc(certificateFlags.createdAt), desc(certificateFlags.id))
    .limit(opts.limit);
  return rows.map(flagView);
}

/** `active` = OPEN + ESCALATED (counted publicly); `escalated` makes a certificate invalid while open. */
export async function flagCounts(db: DbOrTx, certificateId: string): Promise<{ active: number; escalated: number }> {
  const rows = await db
    .select({ status: certificateFlags.status, n: sql<number>`count(*)::int` })
    .from(certificateFlags)
    .where(and(eq(certificateFlags.certificateId, certificateId), inArray(certificateFlags.status, ACTIVE_FLAG_STATUSES)))
    .groupBy(certificateFlags.status);
  const escalated = rows.find((r) => r.status === 'ESCALATED')?.n ?? 0;
  return { active: rows.reduce((a, r) => a + r.n, 0), escalated };
}

/**
 * An operator triages a flag with a written resolution (audited). UPHELD suspends the certificate
 * (status SUSPENDED: `valid` becomes false) and, in the same transaction, opens the REAUDIT round
 * whose outcome restores or revokes it (`certificates/reaudit.ts`); a flag upheld while a re-audit of
 * the certificate is open joins that round.
 */
export async function triageFlag(
  transact: Transact,
  operatorId: string,
  flagId: string,
  input: { status: Exclude<FlagStatus, 'OPEN'>; resolution: string },
  clock: Clock,
) {
  return transact(async (tx, next) => {
    const flag = (await tx.select().from(certificateFlags).where(eq(certificateFlags.id, flagId)).for('update').limit(1))[0];
    if (!flag) throw new SigmaError('SIGMA_E_FLAG_NOT_FOUND');
    const from = flag.status as FlagStatus;
    if (!NEXT[from].includes(input.status)) {
      throw new SigmaError('SIGMA_E_FLAG_TRANSITION_INVALID', `The flag is ${from}; it cannot become ${input.status}.`, { field: 'status' });
    }
    const now = clock.now();
    const [updated] = await tx
      .update(certificateFlags)
      .set({ status: input.status, resolution: input.resolution, triagedBy: operatorId, triagedAt: now })
      .where(eq(certificateFlags.id, flagId))
      .returning();
    let certificateStatus: string | null = null;
    let reauditRoundId: string | null = null;
    let row: FlagRow = updated!;
    if (input.status === 'UPHELD') {
      const suspended = await moveCertificates(tx, { id: flag.certificateId }, 'SUSPENDED', `flag ${flagId} was upheld`, { data: { flagId } });
      certificateStatus = suspended.length ? 'SUSPENDED' : null;
      const reaudit = await startReaudit(tx, next, flag.certificateId, { flagId });
      if (reaudit) {
        certificateStatus = 'SUSPENDED';
        reauditRoundId = reaudit.roundId;
        const [withRound] = await tx
          .update(certificateFlags)
          .set({ data: { ...flag.data, reauditRoundId } })
          .where(eq(certificateFlags.id, flagId))
          .returning();
        row = withRound!;
      }
    }
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'flag.triage',
      targetType: 'certificate_flag',
      targetId: flagId,
      data: {
        certificateId: flag.certificateId,
        from,
        to: input.status,
        resolution: input.resolution,
        ...(certificateStatus ? { certificateStatus } : {}),
        ...(reauditRoundId ? { reauditRoundId } : {}),
      },
    });
    return { flag: flagView(row), certificateStatus, reauditRoundId };
  });
}

/** Flag counts for the public certificate routes, kept coherent like the certificate read cache. */
export class FlagCountCache {
  private readonly cache: CoherentCache<{ active: number; escalated: number }>;
  constructor(
    private readonly db: DbOrTx,
    private readonly coherence: CacheCoherence,
    max: number,
  ) {
    this.cache = new CoherentCache(coherence, max);
  }

  get(certificateId: string): Promise<{ active: number; escalated: number }> {
    return this.cache.get(certificateId, () => flagCounts(this.db, certificateId));
  }

  /** Cached counts if they may be trusted now (synchronous: the hot path), else undefined. */
  peek(certificateId: string): { active: number; escalated: number } | undefined {
    return this.cache.peek(certificateId);
  }

  /** Counts for many certificates in one query (warming). */
  async warm(certificateIds: string[]): Promise<void> {
    if (!certificateIds.length) return;
    const epoch = this.coherence.epoch;
    const rows = await this.db
      .select({ id: certificateFlags.certificateId, status: certificateFlags.status, n: sql<number>`count(*)::int` })
      .from(certificateFlags)
      .where(and(inArray(certificateFlags.certificateId, certificateIds), inArray(certificateFlags.status, ACTIVE_FLAG_STATUSES)))
      .groupBy(certificateFlags.certificateId, certificateFlags.status);
    if (epoch !== this.coherence.epoch) return;
    const counts = new Map(certificateIds.map((id) => [id, { active: 0, escalated: 0 }]));
    for (const r of rows) {
      const c = counts.get(r.id)!;
      c.active += r.n;
      if (r.status === 'ESCALATED') c.escalated += r.n;
    }
    for (const [id, c] of counts) this.cache.put(id, c);
  }
}

/** Shared by the public and operator routes through a Fastify decoration (`app.sigmaCertificates`). */
export interface CertificateLiveState {
  flagCounts: FlagCountCache;
  /**
   * Forget what this process caches about a certificate after changing its flags or status, at once
   * (every process also hears of it through the database's change notices).
   */
  changed(certificateId: string): void;
  /** Resolves with the number of certificates the read cache was warmed with at start. */
  warmed: Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    sigmaCertificates: CertificateLiveState;
  }
}
