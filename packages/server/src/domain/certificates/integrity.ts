import { and, eq, ilike, or } from 'drizzle-orm';
import { skillHash as computeSkillHash } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { submissionFiles } from '../../db/schema/index.js';
import { parseSnapshot, type CertificateRow } from './rows.js';

/** Recompute the certified SKILL.md hash from the stored bytes, for anyone to compare. */
export async function sourceIntegrity(db: DbOrTx, row: CertificateRow) {
  const snap = parseSnapshot(row);
  const files = await db
    .select({ path: submissionFiles.path, bytes: submissionFiles.bytes })
    .from(submissionFiles)
    .where(and(eq(submissionFiles.submissionId, row.submissionId), or(eq(submissionFiles.path, 'SKILL.md'), ilike(submissionFiles.path, '%/SKILL.md'))));
  const file = files.find((f) => f.path === 'SKILL.md') ?? files[0];
  const recomputed = file ? computeSkillHash(file.bytes) : null;
  return {
    certificateId: row.id,
    algorithm: 'sha256(SKILL.md decoded as UTF-8, CRLF/CR normalised to LF)',
    skillHash: snap.skillHash,
    storedSkillMdSha256: recomputed,
    matches: recomputed !== null && recomputed === snap.skillHash,
    sourceType: snap.source.sourceType,
    sourceUrl: snap.source.sourceUrl,
    sourceRef: snap.source.sourceRef,
  };
}
