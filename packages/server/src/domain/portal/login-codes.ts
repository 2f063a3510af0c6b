import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { loginCodes } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { sameDigest, tokenHash } from '../../lib/secrets.js';
import { findOrCreateDeveloper } from '../auth/developers.js';
import { createSession } from '../auth/sessions.js';
import type { Mailer } from './mail.js';

export const LOGIN_CODE_TTL_SECONDS = 10 * 60;
export const LOGIN_CODE_MAX_ATTEMPTS = 5;
/** At most this many codes per email address per code lifetime. */
export const LOGIN_CODES_PER_WINDOW = 5;
export const DEV_SESSION_TTL_SECONDS = 7 * 24 * 3600;

const normalise = (email: string) => email.trim().toLowerCase();
/** Salted with the row id, so equal codes never share a stored value. */
const codeDigest = (id: string, code: string) => tokenHash(`sigma-login-code:${id}:${code}`);

/**
 * Issue a 6-digit sign-in code for an email address and send it. Only a digest is stored; a new
 * code retires the older ones; each code expires after 10 minutes and allows 5 attempts. The
 * answer never says whether the address already has an account.
 */
export async function requestLoginCode(db: DbOrTx, emailIn: string, deps: { clock: Clock; mailer: Mailer; publicUrl: string }): Promise<void> {
  const email = normalise(emailIn);
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - LOGIN_CODE_TTL_SECONDS * 1000);
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginCodes)
    .where(and(eq(loginCodes.email, email), gt(loginCodes.createdAt, windowStart)));
  if ((recent?.n ?? 0) >= LOGIN_CODES_PER_WINDOW) {
    throw new SigmaError('SIGMA_E_RATE_LIMITED', 'Too many sign-in codes for this address; wait a few minutes and try again.');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = newId24();
  await db
    .update(loginCodes)
    .set({ consumedAt: now })
    .where(and(eq(loginCodes.email, email), isNull(loginCodes.consumedAt)));
  await db
    .insert(loginCodes)
    .values({ id, email, codeHash: codeDigest(id, code), createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_CODE_TTL_SECONDS * 1000) });
  await deps.mailer.send({
    to: email,
    subject: `Your SIGMA sign-in code: ${code}`,
    text: [
      `Your SIGMA sign-in code is ${code}`,
      '',
      `It expires in ${LOGIN_CODE_TTL_SECONDS / 60} minutes and works once. Enter it at ${deps.publicUrl}/login`,
      'If you did not ask for it, ignore this email: nobody can sign in without the code.',
    ].join('\n'),
  });
}

/**
 * Check a code and open a developer portal session. Every attempt counts (atomically) against the
 * code's limit; a correct code is consumed once. The developer account is created on the first
 * successful sign-in, so unverified addresses never become accounts.
 */
export async function loginWithCode(db: DbOrTx, emailIn: string, code: string, clock: Clock) {
  const email = normalise(emailIn);
  const now = clock.now();
  const row = (
    await db
      .select()
      .from(loginCodes)
      .where(and(eq(loginCodes.email, email), isNull(loginCodes.consumedAt), gt(loginCodes.expiresAt, now)))
      .orderBy(desc(loginCodes.createdAt))
      .limit(1)
  )[0];
  if (!row || !/^\d{6}$/.test(code)) throw new SigmaError('SIGMA_E_AUTH_CODE_INVALID');
  const counted = await db
    .update(loginCodes)
    .set({ attempts: sql`${loginCodes.attempts} + 1` })
    .where(and(eq(loginCodes.id, row.id), lt(loginCodes.attempts, LOGIN_CODE_MAX_ATTEMPTS)))
    .returning({ attempts: loginCodes.attempts });
  if (counted.length === 0) throw new SigmaError('SIGMA_E_AUTH_CODE_ATTEMPTS');
  if (!sameDigest(codeDigest(row.id, code), row.codeHash)) {
    if (counted[0]!.attempts >= LOGIN_CODE_MAX_ATTEMPTS) throw new SigmaError('SIGMA_E_AUTH_CODE_ATTEMPTS');
    throw new SigmaError('SIGMA_E_AUTH_CODE_INVALID');
  }
  const consumed = await db
    .update(loginCodes)
    .set({ consumedAt: now })
    .where(and(eq(loginCodes.id, row.id), isNull(loginCodes.consumedAt)))
    .returning({ id: loginCodes.id });
  if (consumed.length === 0) throw new SigmaError('SIGMA_E_AUTH_CODE_INVALID');
  const dev = await findOrCreateDeveloper(db, email);
  const session = await createSession(db, 'developer', dev.id, DEV_SESSION_TTL_SECONDS, clock, { via: 'email-code' });
  return { developerId: dev.id, email: dev.email, token: session.token, expiresAt: session.expiresAt };
}
