import { and, desc, eq, ilike, or } from 'drizzle-orm';
import type { CertificateSummary } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates, submissions } from '../../db/schema/index.js';

/**
 * Search by payload hash (0x + 64 hex), content hash (64 hex: the certified skillHash or codeHash),
 * certificate or submission id, or (otherwise) a name substring; newest first.
 */
export async function searchCertificates(db: DbOrTx, q: string | undefined, limit: number): Promise<CertificateSummary[]> {
  const term = q?.trim();
  const filter = term
    ? /^0x[0-9a-f]{64}$/i.test(term)
      ? eq(certificates.payloadHash, term.toLowerCase())
      : /^[0-9a-f]{64}$/i.test(term)
        ? or(eq(submissions.skillHash, term.toLowerCase()), eq(submissions.contentHash, term.toLowerCase()))
        : /^[0-9a-f]{24}$/.test(term)
          ? or(eq(certificates.id, term), eq(certificates.submissionId, term))
          : ilike(certificates.skillName, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    : undefined;
  const rows = await db
    .select({
      certificateId: certificates.id,
      submissionId: certificates.submissionId,
      skillName: certificates.skillName,
      skillVersion: certificates.skillVersion,
      productType: certificates.productType,
      status: certificates.status,
      issuedAt: certificates.issuedAt,
      payloadHash: certificates.payloadHash,
      securityLevel: certificates.securityLevel,
    })
    .from(certificates)
    .innerJoin(submissions, eq(submissions.id, certificates.submissionId))
    .where(filter ? and(filter) : undefined)
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(limit);
  return rows.map((r) => ({
    certificateId: r.certificateId,
    submissionId: r.submissionId,
    skillName: r.skillName,
    skillVersion: r.skillVersion,
    productType: r.productType,
    status: r.status,
    certificateIssuedAt: r.issuedAt.toISOString(),
    payloadHash: r.payloadHash,
    securityLevel: r.securityLevel,
  }));
}
