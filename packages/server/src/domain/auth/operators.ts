import { eq, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { operators } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { hashPassword, verifyPassword } from '../../lib/secrets.js';
import { createSession } from './sessions.js';

export const OPERATOR_SESSION_TTL_SECONDS = 12 * 3600;

export interface OperatorPrincipal {
  operatorId: string;
  email: string;
  sessionId: string;
  /** 'full' after password (+ TOTP when required); 'enroll' may only enrol a TOTP factor. */
  stage: 'full' | 'enroll';
}

export async function seedOperator(db: DbOrTx, email: string, password: string, totpRequired: boolean): Promise<{ id: string; created: boolean }> {
  const existing = await db.select().from(operators).where(sql`lower(${operators.email}) = lower(${email})`).limit(1);
  if (existing[0]) return { id: existing[0].id, created: false };
  const id = newId24();
  await db.insert(operators).values({ id, email, passwordHash: await hashPassword(password), totpRequired: totpRequired ? 'yes' : 'no' });
  return { id, created: true };
}

export function totpFor(secretBase32: string, email: string): TOTP {
  return new TOTP({ issuer: 'SIGMA', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function checkTotp(secretBase32: string, email: string, code: string, clock: Clock): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32, email).validate({ token: code, timestamp: clock.now().getTime(), window: 1 }) !== null;
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
  const rows = await db.select().from(operators).where(sql`lower(${operators.email}) = lower(${input.email})`).limit(1);
  const op = rows[0];
  const passwordOk = op ? await verifyPassword(input.password, op.passwordHash) : await verifyPassword(input.password, DUMMY_HASH);
  if (!op || !passwordOk) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'Wrong email, password or code.');
  const totpNeeded = opts.totpPolicy === 'required' && op.totpRequired === 'yes';
  let stage: 'full' | 'enroll' = 'full';
  if (totpNeeded) {
    if (!op.totpSecret) stage = 'enroll';
    else if (!input.totp || !checkTotp(op.totpSecret, op.email, input.totp, opts.clock)) {
      throw new SigmaError('SIGMA_E_AUTH_INVALID', 'Wrong email, password or code.');
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
  if (!/^[A-Z2-7]{16,64}$/.test(secret) || !checkTotp(secret, op.email, code, clock)) {
    throw new SigmaError('SIGMA_E_AUTH_INVALID', 'The code does not match the secret.');
  }
  await db.update(operators).set({ totpSecret: secret }).where(eq(operators.id, operatorId));
}

// A fixed hash so a login for an unknown email costs the same as one for a known email.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
