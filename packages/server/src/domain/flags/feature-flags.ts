import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { featureFlags } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { audit } from '../audit/log.js';

export interface FeatureFlagView {
  key: string;
  enabled: boolean;
  description: string;
  updatedBy: string | null;
  updatedAt: string;
}

const view = (r: typeof featureFlags.$inferSelect): FeatureFlagView => ({
  key: r.key,
  enabled: r.enabled,
  description: r.description,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listFeatureFlags(db: DbOrTx): Promise<FeatureFlagView[]> {
  return (await db.select().from(featureFlags).orderBy(featureFlags.key)).map(view);
}

/** Create or change a feature flag; the change is in the audit log with before and after. */
export async function setFeatureFlag(
  db: Db,
  clock: Clock,
  operatorId: string,
  input: { key: string; enabled: boolean; description?: string },
): Promise<FeatureFlagView> {
  return db.transaction(async (tx) => {
    const before = (await tx.select().from(featureFlags).where(eq(featureFlags.key, input.key)).for('update').limit(1))[0];
    const description = input.description ?? before?.description ?? '';
    const now = clock.now();
    const [row] = await tx
      .insert(featureFlags)
      .values({ key: input.key, enabled: input.enabled, description, updatedBy: operatorId, updatedAt: now })
      .onConflictDoUpdate({ target: featureFlags.key, set: { enabled: input.enabled, description, updatedBy: operatorId, updatedAt: now } })
      .returning();
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'feature_flag.set',
      targetType: 'feature_flag',
      targetId: input.key,
      data: {
        before: before ? { enabled: before.enabled, description: before.description } : null,
        after: { enabled: row!.enabled, description: row!.description },
      },
    });
    return view(row!);
  });
}
