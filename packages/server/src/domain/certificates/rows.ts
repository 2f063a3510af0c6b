import { eq } from 'drizzle-orm';
import { SigmaError, type CertificateSnapshot } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates, certificateViews } from '../../db/schema/index.js';

/** A certificate row with its public view count (kept in `certificate_views`). */
export type CertificateRow = typeof certificates.$inferSelect & { views: number };

/** Select certificate rows with their view counts. */
export function selectWithViews(db: DbOrTx) {
  return db
    .select({ c: certificates, views: certificateViews.views })
    .from(certificates)
    .leftJoin(certificateViews, eq(certificateViews.certificateId, certificates.id));
}
export const withViews = (r: { c: typeof certificates.$inferSelect; views: number | null }): CertificateRow => ({ ...r.c, views: r.views ?? 0 });

export async function getCertificateRow(db: DbOrTx, id: string): Promise<CertificateRow> {
  if (!/^[0-9a-f]{24}$/.test(id)) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  const row = (await selectWithViews(db).where(eq(certificates.id, id)).limit(1))[0];
  if (!row) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  return withViews(row);
}

export type CertificateLite = Omit<CertificateRow, 'snapshotJson'>;

/** The stored snapshot; a row whose text is not JSON any more cannot be shown or verified. */
export function parseSnapshot(row: CertificateRow): CertificateSnapshot {
  try {
    return JSON.parse(row.snapshotJson) as CertificateSnapshot;
  } catch {
    throw new SigmaError('SIGMA_E_CERTIFICATE_UNREADABLE');
  }
}
