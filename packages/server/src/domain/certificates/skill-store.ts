import { createHash } from 'node:crypto';
import { and, asc, eq, gt, notExists, or, sql } from 'drizzle-orm';
import { payloadHash, type CertificateSnapshot } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificateFlags, certificates } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { certificatePageUrl, certificateVerifyUrl } from '../../lib/urls.js';

/**
 * `GET /.well-known/skill-store` (SPEC §6): a paged feed of the certificates that are valid now —
 * APPROVED, not expired, no escalated flag open, and the stored snapshot still hashing to its payload
 * hash — oldest first, so a crawler that keeps the last cursor sees new certificates on later pages.
 * The cursor is opaque (`base64url(issuedAt|id)`: keyset paging, stable while rows are added).
 */
export interface SkillStoreEntry {
  certificateId: string;
  name: string | null;
  description: string | null;
  version: string | null;
  productType: string;
  securityLevel: string;
  verifyUrl: string;
  certificateUrl: string;
  skillHash: string | null;
  codeHash: string | null;
  payloadHash: string;
  hashScheme: string;
  source: CertificateSnapshot['source'];
  certificateIssuedAt: string;
  expiresAt: string;
}

export interface SkillStorePage {
  items: SkillStoreEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(issuedAt: Date, id: string): string {
  return Buffer.from(`${issuedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { issuedAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const issuedAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f]{24}$/.test(id) || Number.isNaN(issuedAt.getTime())) return null;
  return { issuedAt, id };
}

export async function skillStorePage(
  db: DbOrTx,
  clock: Clock,
  opts: { publicUrl: string; limit: number; after: { issuedAt: Date; id: string } | null },
): Promise<SkillStorePage> {
  const now = clock.now();
  const rows = await db
    .select({
      id: certificates.id,
      snapshotJson: certificates.snapshotJson,
      payloadHash: certificates.payloadHash,
      hashScheme: certificates.hashScheme,
      productType: certificates.productType,
      securityLevel: certificates.securityLevel,
      issuedAt: certificates.issuedAt,
      expiresAt: certificates.expiresAt,
    })
    .from(certificates)
    .where(
      and(
        eq(certificates.status, 'APPROVED'),
        gt(certificates.expiresAt, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(certificateFlags)
            .where(and(eq(certificateFlags.certificateId, certificates.id), eq(certificateFlags.status, 'ESCALATED'))),
        ),
        opts.after
          ? or(gt(certificates.issuedAt, opts.after.issuedAt), and(eq(certificates.issuedAt, opts.after.issuedAt), gt(certificates.id, opts.after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(certificates.issuedAt), asc(certificates.id))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  const items: SkillStoreEntry[] = [];
  for (const r of page) {
    let snap: CertificateSnapshot;
    try {
      snap = JSON.parse(r.snapshotJson) as CertificateSnapshot;
      if (payloadHash(snap) !== r.payloadHash) continue; // not valid: the stored snapshot changed
    } catch {
      continue;
    }
    items.push({
      certificateId: r.id,
      name: snap.skillName,
      description: snap.manifest.description,
      version: snap.skillVersion,
      productType: r.productType,
      securityLevel: r.securityLevel,
      verifyUrl: certificateVerifyUrl(opts.publicUrl, r.id),
      certificateUrl: certificatePageUrl(opts.publicUrl, r.id),
      skillHash: snap.skillHash,
      codeHash: snap.codeHash ?? null,
      payloadHash: r.payloadHash,
      hashScheme: r.hashScheme,
      source: snap.source,
      certificateIssuedAt: r.issuedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    });
  }
  const last = page.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.issuedAt, last.id) : null };
}

/** A strong ETag over the exact bytes served. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}
