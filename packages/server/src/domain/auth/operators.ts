import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { operators } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { hashPassword, verifyPassword } from '../../lib/secrets.js';
import { createSession, resolveSession } from './sessions.js';

export const OPERATOR_SESSION_TTL_SECONDS = 12 * 3600;

export interface OperatorPrincipal {
  operatorId: string;
  email: string;
  sessionId: string;
  /** 'full' after password (+ TOTP when required); 'enroll' may only enrol a TOTP factor. */
  stage: 'full' | 'enroll';
}

export async function seedOperator(db: DbOrTx, email: string, password: string, totpRequired: boolean): Promise<{ id: string; created: boolean }> {
  const existing = await db
    .select()
    .from(operators)
    .where(sql`lower(${operators.email}) = lower(${email})`)
    .limit(1);
  if (existing[0]) return { id: existing[0].id, created: false };
  const id = newId24();
  await db.insert(operators).values({ id, email, passwordHash: await hashPassword(password), totpRequired: totpRequired ? 'yes' : 'no' });
  return { id, created: true };
}

export function totpFor(secretBase32: string, email: string): TOTP {
  return new TOTP({ issuer: 'SIGMA', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

const TOTP_PERIOD_MS = 30_000;

/** The 30-second time step a code belongs to (one step either side of now is accepted), or null. */
export function totpStep(secretBase32: string, email: string, code: string, clock: Clock): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = clock.now().getTime();
  const delta = totpFor(secretBase32, email).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / TOTP_PERIOD_MS) + delta;
}

/**
 * Accept a code at most once (RFC 6238 §5.2): record its time step, only if it is later than the last
 * accepted one. Atomic, so two requests replaying the same code cannot both pass.
 */
async function useTotpStep(db: DbOrTx, operatorId: string, step: number, secret?: string): Promise<boolean> {
  const updated = await db
    .update(operators)
    .set({ totpLastStep: step, ...(secret ? { totpSecret: secret } : {}) })
    .where(and(eq(operators.id, operatorId), or(isNull(operators.totpLastStep), lt(operators.totpLastStep, step))))
    .returning({ id: operators.id });
  return updated.length === 1;
}

/**
 * Password, then TOTP. An operator who must use TOTP but has not enrolled yet gets an
 * enrolment-only session. Failures never say which factor was wrong.
 */
export async function loginOperator(
  db: DbOrTx,
  input: { email: string; password: string; totp?: string },
  opts: { totpPolicy: 'required' | 'disabled'; clock: Clock },
): Promise<{ token: string; expiresAt: Date; stage: 'full' | 'enroll' }> {
  const rows = await db
    .select()
    .from(operators)
    .where(sql`lower(${operators.email}) = lower(${input.email})`)
    .limit(1);
  const op = rows[0];
  const passwordOk = op ? await verifyPassword(input.password, op.passwordHash) : await verifyPassword(input.password, DUMMY_HASH);
  if (!op || !passwordOk) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'Wrong email, password or code.');
  const totpNeeded = opts.totpPolicy === 'required' && op.totpRequired === 'yes';
  let stage: 'full' | 'enroll' = 'full';
  if (totpNeeded) {
    if (!op.totpSecret) stage = 'enroll';
    else {
      const step = input.totp ? totpStep(op.totpSecret, op.email, input.totp, opts.clock) : null;
      // A code already used (replayed, or an older one after a newer) fails like a wrong code.
      if (step === null || !(await useTotpStep(db, op.id, step))) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'Wrong email, password or code.');
    }
  }
  const session = await createSession(db, 'operator', op.id, stage === 'full' ? OPERATOR_SESSION_TTL_SECONDS : 900, opts.clock, { stage });
  return { token: session.token, expiresAt: session.expiresAt, stage };
}

/** Start TOTP enrolment: a fresh secret, stored pending until confirmed with a valid code. */
export async function beginTotpEnrolment(db: DbOrTx, operatorId: string): Promise<{ secret: string; uri: string }> {
  const op = (await db.select().from(operators).where(eq(operators.id, operatorId)).limit(1))[0];
  if (!op) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  if (op.totpSecret) throw new SigmaError('SIGMA_E_AUTH_FORBIDDEN', 'A second factor is already enrolled.');
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, op.email).toString() };
}

export async function confirmTotpEnrolment(db: DbOrTx, operatorId: string, secret: string, code: string, clock: Clock): Promise<void> {
  const op = (await db.select().from(operators).where(eq(operators.id, operatorId)).limit(1))[0];
  if (!op) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  if (op.totpSecret) throw new SigmaError('SIGMA_E_AUTH_FORBIDDEN', 'A second factor is already enrolled.');
  const step = /^[A-Z2-7]{16,64}$/.test(secret) ? totpStep(secret, op.email, code, clock) : null;
  if (step === null) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'The code does not match the secret.');
  // The enrolment code counts as used: signing in needs the next one.
  await db.update(operators).set({ totpSecret: secret, totpLastStep: step }).where(eq(operators.id, operatorId));
}

// A fixed hash so a login for an unknown email costs the same as one for a known email.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The operator behind a session token (`sigma_os_…`) and the stage the session is at. */
export async function operatorOfSession(db: DbOrTx, token: string, clock: Clock): Promise<OperatorPrincipal> {
  const session = await resolveSession(db, 'operator', token, clock);
  const op = (await db.select().from(operators).where(eq(operators.id, session.subjectId)).limit(1))[0];
  if (!op) throw new SigmaError('SIGMA_E_AUTH_INVALID');
  return { operatorId: op.id, email: op.email, sessionId: session.sessionId, stage: session.data.stage === 'enroll' ? 'enroll' : 'full' };
}
