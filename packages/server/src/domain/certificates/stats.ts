import { eq, inArray, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { certificates, evidenceReports, priceCategories } from '../../db/schema/index.js';
import { formatUsdc, MICROS_PER_CREDIT } from '../pricing/engine.js';
import { countActiveValidators } from '../validators/service.js';

export interface PublicStats {
  certificatesIssued: number;
  findingsAboveMedium: number;
  activeValidators: number;
  startingPriceUsd: string | null;
}

/** The landing page's live numbers: certificates ever issued, HIGH/CRITICAL findings, active validators, the lowest base price. */
export async function publicStats(db: DbOrTx): Promise<PublicStats> {
  const [certs] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(certificates)
    .where(inArray(certificates.status, ['APPROVED', 'SUSPENDED', 'SUPERSEDED', 'EXPIRED', 'REVOKED']));
  const [findings] = await db
    .select({
      n: sql<number>`coalesce(sum((select count(*) from jsonb_array_elements(${evidenceReports.report}->'findings') f where f->>'severity' in ('HIGH','CRITICAL'))),0)::int`,
    })
    .from(evidenceReports);
  // The cheapest active category's base price (quotes add surcharges by size and dependencies).
  const [cheapest] = await db
    .select({ credits: min(priceCategories.baseCredits) })
    .from(priceCategories)
    .where(eq(priceCategories.status, 'ACTIVE'));
  const startingPriceUsd = cheapest?.credits == null ? null : formatUsdc(BigInt(cheapest.credits) * MICROS_PER_CREDIT);
  return {
    certificatesIssued: certs?.n ?? 0,
    findingsAboveMedium: findings?.n ?? 0,
    activeValidators: await countActiveValidators(db),
    startingPriceUsd,
  };
}
