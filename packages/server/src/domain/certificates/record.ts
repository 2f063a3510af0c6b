import type { CertificateRecord, OnChain } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { roundViews } from '../assembly/rounds.js';
import { parseSnapshot, type CertificateRow } from './rows.js';

/** The full public record: the sealed snapshot exactly as hashed, its signature, live fields and the round. */
export async function certificateRecord(db: DbOrTx, row: CertificateRow, onChain: OnChain, activeFlagCount = 0): Promise<CertificateRecord> {
  return {
    certificateId: row.id,
    snapshot: parseSnapshot(row),
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    onChain,
    live: { status: row.status, views: row.views, activeFlagCount, monitoring: null, siteProof: null },
    rounds: (await roundViews(db, row.submissionId)).filter((r) => r.roundId === parseSnapshot(row).round.roundId),
  };
}
