/** Recording x402 payments: opening the intent of an authorization nonce and booking a settled payment (intent, x402 row, credits). */
import { eq } from 'drizzle-orm';
import type { Address } from 'viem';
import { newId24, SigmaError } from '@sigma/core';
import type { Tx } from '../../db/client.js';
import { paymentIntents, x402Payments } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import type { PaymentChain } from './chain.js';
import { topUpFromUsdc } from './credits.js';
import { X402_MAX_TIMEOUT_SECONDS } from './x402-setup.js';

export interface IntentSeed {
  developerId: string;
  purpose: 'TOPUP' | 'SUBMISSION';
  credits: number;
  micros: bigint;
  quoteId: string | null;
  snapshot: Record<string, unknown> | null;
}

export interface Settled {
  nonce: string;
  payer: string;
  txHash: string;
  network: string;
  paymentResponse: string;
}

/** Open (or reopen, after a failed settlement) the CREATED intent of a nonce; a nonce in flight or paid cannot be opened again. */
export async function openX402Intent(s: Services, chain: PaymentChain, seed: IntentSeed, nonce: string): Promise<string> {
  const now = s.clock.now();
  const fields = {
    developerId: seed.developerId,
    purpose: seed.purpose,
    method: 'X402',
    status: 'CREATED',
    quoteId: seed.quoteId,
    credits: seed.credits,
    amountMicros: seed.micros,
    network: chain.network,
    asset: chain.token,
    payTo: chain.treasury as Address,
    snapshot: seed.snapshot,
    failureReason: null,
    expiresAt: new Date(now.getTime() + X402_MAX_TIMEOUT_SECONDS * 1000),
    updatedAt: now,
  };
  try {
    return await s.db.transaction(async (tx) => {
      const prior = (await tx.select().from(paymentIntents).where(eq(paymentIntents.x402Nonce, nonce)).for('update'))[0];
      if (prior) {
        if (prior.developerId !== seed.developerId) throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
        if (prior.status !== 'FAILED')
          throw new SigmaError(
            'SIGMA_E_PAYMENT_NONCE_REUSED',
            'This authorization is already being settled or was used; retry the same request to get its result.',
            { field: 'PAYMENT-SIGNATURE' },
          );
        await tx.update(paymentIntents).set(fields).where(eq(paymentIntents.id, prior.id));
        return prior.id;
      }
      const id = newId24();
      await tx.insert(paymentIntents).values({ id, ...fields, x402Nonce: nonce, createdAt: now });
      return id;
    });
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e?.code === '23505' || e?.cause?.code === '23505') throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
    throw err;
  }
}

/**
 * Book a settled payment: the intent CONFIRMED (a TOPUP is CONSUMED at once), the x402 row
 * (primary key = nonce), and the USDC as credits (ledger key `x402:<network>:<nonce>`).
 */
export async function bookX402Payment(
  tx: Tx,
  s: Services,
  chain: PaymentChain,
  intentId: string,
  seed: IntentSeed,
  settled: Settled,
  result: Record<string, unknown>,
) {
  const now = s.clock.now();
  const topup = seed.purpose === 'TOPUP';
  await tx
    .update(paymentIntents)
    .set({
      status: topup ? 'CONSUMED' : 'CONFIRMED',
      payer: settled.payer,
      txHash: settled.txHash.toLowerCase(),
      confirmedAt: now,
      consumedAt: topup ? now : null,
      expiresAt: new Date(now.getTime() + s.config.payments.intentTtlSeconds * 1000),
      updatedAt: now,
    })
    .where(eq(paymentIntents.id, intentId));
  await tx.insert(x402Payments).values({
    nonce: settled.nonce,
    network: chain.network,
    developerId: seed.developerId,
    purpose: seed.purpose,
    payer: settled.payer,
    amountMicros: seed.micros,
    txHash: settled.txHash.toLowerCase(),
    intentId,
    result,
    paymentResponse: settled.paymentResponse,
  });
  const posted = await topUpFromUsdc(tx, {
    developerId: seed.developerId,
    credits: seed.credits,
    micros: seed.micros,
    idempotencyKey: `x402:${chain.network}:${settled.nonce}`,
    memo: `x402 ${topup ? 'top-up' : 'payment'} ${settled.txHash}`,
    refType: 'payment_intent',
    refId: intentId,
    data: { nonce: settled.nonce, payer: settled.payer, txHash: settled.txHash },
  });
  if (!posted.created) throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
}
