import { and, eq, isNull, sql } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { apiKeys, developers } from '../../db/schema/index.js';
import { newToken, tokenHash } from '../../lib/secrets.js';
import type { Clock } from '../../lib/clock.js';
import { resolveSession } from './sessions.js';

export const DEV_KEY_PREFIX = 'sigma_dk_';

export interface DeveloperPrincipal {
  developerId: string;
  email: string;
  via: 'api_key' | 'session';
  apiKeyId?: string;
}

export async function findOrCreateDeveloper(db: DbOrTx, email: string): Promise<{ id: string; email: string }> {
  const existing = await db
    .select()
    .from(developers)
    .where(sql`lower(${developers.email}) = lower(${email})`)
    .limit(1);
  if (existing[0]) return { id: existing[0].id, email: existing[0].email };
  const id = newId24();
  await db.insert(developers).values({ id, email }).onConflictDoNothing();
  const again = await db
    .select()
    .from(developers)
    .where(sql`lower(${developers.email}) = lower(${email})`)
    .limit(1);
  return { id: again[0]!.id, email: again[0]!.email };
}

/** Create an API key; the secret is returned once and only its hash is stored. */
export async function createApiKey(db: DbOrTx, developerId: string, name: string, presetSecret?: string): Promise<{ id: string; key: string; prefix: string }> {
  const key = presetSecret ?? newToken(DEV_KEY_PREFIX);
  const id = newId24();
  const prefix = key.slice(0, DEV_KEY_PREFIX.length + 6);
  await db.insert(apiKeys).values({ id, developerId, name, prefix, secretHash: tokenHash(key) });
  return { id, key, prefix };
}

/** How stale an API key's `lastUsedAt` may be. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(db: DbOrTx, key: string, clock: Clock): Promise<DeveloperPrincipal> {
  if (!key.startsWith(DEV_KEY_PREFIX)) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'This is not a developer API key.');
  const rows = await db
    .select({ id: apiKeys.id, developerId: apiKeys.developerId, email: developers.email, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(developers, eq(developers.id, apiKeys.developerId))
    .where(eq(apiKeys.secretHash, tokenHash(key)))
    .limit(1);
  const row = rows[0];
  if (!row || row.revokedAt) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'The API key is unknown or revoked.');
  // "Last used" is shown to the minute: a key polled many times a second costs one write a minute, not one per request.
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { developerId: row.developerId, email: row.email, via: 'api_key', apiKeyId: row.id };
}

export async function listApiKeys(db: DbOrTx, developerId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.developerId, developerId))
    .orderBy(apiKeys.createdAt);
}

export async function revokeApiKey(db: DbOrTx, developerId: string, keyId: string, clock: Clock): Promise<boolean> {
  const res = await db
    .update(apiKeys)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.developerId, developerId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return res.length > 0;
}

/** The developer behind a portal session token (`sigma_ds_…`), or SIGMA_E_AUTH_INVALID / _EXPIRED. */
export async function developerOfSession(db: DbOrTx, token: string, clock: Clock): Promise<DeveloperPrincipal> {
  const session = await resolveSession(db, 'developer', token, clock);
  const dev = (await db.select().from(developers).where(eq(developers.id, session.subjectId)).limit(1))[0];
  if (!dev) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  return { developerId: dev.id, email: dev.email, via: 'session' };
}

/** Whether a developer account exists. */
export async function developerExists(db: DbOrTx, developerId: string): Promise<boolean> {
  return (await db.select({ id: developers.id }).from(developers).where(eq(developers.id, developerId)).limit(1)).length > 0;
}
