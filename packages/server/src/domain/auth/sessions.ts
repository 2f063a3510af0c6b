import { and, eq, gt, isNull } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { sessions } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { newToken, tokenHash } from '../../lib/secrets.js';

/** Each plane has its own token prefix, so a credential of one plane is never accepted by another. */
export const SESSION_PREFIX = {
  operator: 'sigma_os_',
  developer: 'sigma_ds_',
  agent: 'sigma_as_',
} as const;
export type SessionPlane = keyof typeof SESSION_PREFIX;

export async function createSession(
  db: DbOrTx,
  plane: SessionPlane,
  subjectId: string,
  ttlSeconds: number,
  clock: Clock,
  data: Record<string, unknown> = {},
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  const token = newToken(SESSION_PREFIX[plane], 32);
  const expiresAt = new Date(clock.now().getTime() + ttlSeconds * 1000);
  const sessionId = newId24();
  await db.insert(sessions).values({ id: sessionId, plane, subjectId, tokenHash: tokenHash(token), expiresAt, data });
  return { token, expiresAt, sessionId };
}

export async function resolveSession(
  db: DbOrTx,
  plane: SessionPlane,
  token: string,
  clock: Clock,
): Promise<{ sessionId: string; subjectId: string; data: Record<string, unknown> }> {
  if (!token.startsWith(SESSION_PREFIX[plane])) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash(token)), eq(sessions.plane, plane), isNull(sessions.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  if (row.expiresAt.getTime() <= clock.now().getTime()) throw new SigmaError('SIGMA_E_AUTH_EXPIRED');
  return { sessionId: row.id, subjectId: row.subjectId, data: row.data ?? {} };
}

export async function revokeSession(db: DbOrTx, sessionId: string, clock: Clock): Promise<void> {
  await db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.id, sessionId));
}

export async function revokeSubjectSessions(db: DbOrTx, plane: SessionPlane, subjectId: string, clock: Clock): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.plane, plane), eq(sessions.subjectId, subjectId), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())));
}
