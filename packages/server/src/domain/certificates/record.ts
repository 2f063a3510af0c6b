import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { CertificateRecord, OnChain } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { rounds, submissionEvents } from '../../db/schema/index.js';
import { roundViews } from '../assembly/rounds.js';
import { liveChecksOf } from '../live/checks.js';
import { parseSnapshot, type CertificateRow } from './rows.js';

/**
 * The full public record: the sealed snapshot exactly as hashed, its signature, live fields, the round
 * that certified it and every REAUDIT round that judged it since.
 */
export async function certificateRecord(db: DbOrTx, row: CertificateRow, onChain: OnChain, activeFlagCount = 0): Promise<CertificateRecord> {
  const snapshot = parseSnapshot(row);
  const reaudits = new Set((await db.select({ id: rounds.id }).from(rounds).where(eq(rounds.certificateId, row.id))).map((r) => r.id));
  return {
    certificateId: row.id,
    snapshot,
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    onChain,
    live: { status: row.status, views: row.views, activeFlagCount, ...(await liveChecksOf(db, row.id)) },
    rounds: (await roundViews(db, row.submissionId)).filter((r) => r.roundId === snapshot.round.roundId || reaudits.has(r.roundId)),
  };
}

/**
 * The public history of one certificate: the timeline events that name it (sealed, suspended, re-audit
 * opened and decided, restored, revoked, expired, superseded), oldest first. Owner-only events
 * (payments, reminders) never name a certificate publicly.
 */
export async function certificateHistory(db: DbOrTx, certificateId: string) {
  const rows = await db
    .select({ at: submissionEvents.at, type: submissionEvents.type, message: submissionEvents.message, data: submissionEvents.data })
    .from(submissionEvents)
    .where(and(sql`${submissionEvents.data}->>'certificateId' = ${certificateId}`, ne(submissionEvents.type, 'certificate.renewal_reminder')))
    .orderBy(asc(submissionEvents.id));
  return rows.map((r) => ({ at: r.at.toISOString(), type: r.type, message: r.message, data: r.data }));
}
