import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getAddress, isAddress, verifyMessage } from 'viem';
import { SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { agentChallenges } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { createSession } from './sessions.js';

export const AGENT_CHALLENGE_TTL_SECONDS = 300;
export const AGENT_SESSION_TTL_SECONDS = 24 * 3600;

/** Issue a sign-in challenge; a new challenge for the same address replaces any older one. */
export async function createAgentChallenge(db: DbOrTx, address: string, domain: string, clock: Clock) {
  if (!isAddress(address, { strict: false })) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'address must be a 20-byte hex address', { field: 'address' });
  const checksummed = getAddress(address);
  const nonce = randomBytes(16).toString('hex');
  const issuedAt = clock.now();
  const expiresAt = new Date(issuedAt.getTime() + AGENT_CHALLENGE_TTL_SECONDS * 1000);
  const message = [
    `${domain} asks you to sign in to SIGMA as a validator agent.`,
    '',
    `Address: ${checksummed}`,
    `Nonce: ${nonce}`,
    `Issued At: ${issuedAt.toISOString()}`,
    `Expires At: ${expiresAt.toISOString()}`,
  ].join('\n');
  await db
    .insert(agentChallenges)
    .values({ address: checksummed.toLowerCase(), nonce, message, expiresAt })
    .onConflictDoUpdate({ target: agentChallenges.address, set: { nonce, message, expiresAt } });
  return { message, nonce, expiresAt };
}

/** Check the EIP-191 signature over the live challenge, consume it, and open an agent session. */
export async function verifyAgentChallenge(db: DbOrTx, address: string, signature: string, clock: Clock) {
  if (!isAddress(address, { strict: false })) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'address must be a 20-byte hex address', { field: 'address' });
  const key = address.toLowerCase();
  const row = (await db.select().from(agentChallenges).where(eq(agentChallenges.address, key)).limit(1))[0];
  if (!row) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'No live challenge for this address.');
  if (row.expiresAt.getTime() <= clock.now().getTime()) throw new SigmaError('SIGMA_E_AUTH_EXPIRED', 'The challenge has expired.');
  let ok: boolean;
  try {
    ok = await verifyMessage({ address: getAddress(address), message: row.message, signature: signature as `0x${string}` });
  } catch {
    ok = false;
  }
  if (!ok) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'The signature does not match the challenge.');
  // One use only.
  await db.delete(agentChallenges).where(eq(agentChallenges.address, key));
  const session = await createSession(db, 'agent', key, AGENT_SESSION_TTL_SECONDS, clock, { address: getAddress(address) });
  return { sessionToken: session.token, expiresAt: session.expiresAt, address: getAddress(address) };
}
