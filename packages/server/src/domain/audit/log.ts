import { desc } from 'drizzle-orm';
import { newId24 } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

/** Append one row to the audit log (never updated, never deleted). */
export async function audit(
  db: DbOrTx,
  entry: {
    actorType: 'operator' | 'developer' | 'agent' | 'system';
    actorId: string;
    action: string;
    targetType?: string;
    targetId?: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditLog).values({ id: newId24(), ...entry });
}

/** The newest `limit` entries of the audit log. */
export async function listAuditLog(db: DbOrTx, limit: number) {
  return (await db.select().from(auditLog).orderBy(desc(auditLog.at)).limit(limit)).map((e) => ({ ...e, at: e.at.toISOString(), data: e.data ?? null }));
}
