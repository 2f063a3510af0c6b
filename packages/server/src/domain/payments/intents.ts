import { and, desc, eq } from 'drizzle-orm';
import { decodeEventLog, erc20Abi, getAddress, type Hash } from 'viem';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { paymentIntents } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { formatUsdc, MICROS_PER_CREDIT } from '../pricing/engine.js';
import { getQuote } from '../pricing/quotes.js';
import type { PaymentChain } from './chain.js';
import { topUpFromUsdc } from './credits.js';
import { requireMethod } from './methods.js';

/**
 * Payment intents: CREATED → CONFIRMED → CONSUMED, or EXPIRED | FAILED.
 * A confirmed intent's USDC is booked at once as credits for the developer (so a payment is never
 * stranded); consuming it for its quote debits those credits in the submission's transaction.
 */
export type IntentRow = typeof paymentIntents.$inferSelect;

export function intentView(i: IntentRow, now: Date) {
  const expired = i.status === 'CREATED' && i.expiresAt <= now;
  return {
    intentId: i.id,
    status: expired ? 'EXPIRED' : i.status,
    purpose: i.purpose,
    method: i.method,
    quoteId: i.quoteId,
    credits: i.credits,
    amount: { asset: i.asset, network: i.network, micros: i.amountMicros.toString(), usdc: formatUsdc(i.amountMicros) },
    payTo: i.payTo,
    payer: i.payer,
    txHash: i.txHash,
    submissionId: i.submissionId,
    failureReason: i.failureReason,
    expiresAt: i.expiresAt.toISOString(),
    confirmedAt: i.confirmedAt?.toISOString() ?? null,
    consumedAt: i.consumedAt?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
    priceSnapshot: i.snapshot ?? null,
  };
}

/** Open an intent for a quote (purpose SUBMISSION) or a number of credits (TOPUP). */
export async function createIntent(
  tx: DbOrTx,
  s: Services,
  chain: PaymentChain,
  p: { developerId: string; method: 'CHAIN_TRANSFER' | 'X402'; quoteId?: string; credits?: number; payer?: string | null },
): Promise<IntentRow> {
  await requireMethod(tx, p.method);
  const now = s.clock.now();
  let credits: number;
  let snapshot: Record<string, unknown> | null = null;
  let quoteId: string | null = null;
  if (p.quoteId) {
    const q = await getQuote(tx, p.quoteId, p.developerId);
    if (q.status !== 'OPEN') throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_USED', undefined, { field: 'quoteId' });
    if (q.expiresAt <= now) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_EXPIRED', undefined, { field: 'quoteId' });
    if (q.totalCredits <= 0)
      throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'This quote is free; submit it with payment method credits.', { field: 'quoteId' });
    credits = q.totalCredits;
    snapshot = q.snapshot;
    quoteId = q.id;
  } else {
    credits = p.credits ?? 0;
    if (!Number.isSafeInteger(credits) || credits <= 0)
      throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'credits must be a positive integer', { field: 'credits' });
  }
  const row = {
    id: newId24(),
    developerId: p.developerId,
    purpose: quoteId ? 'SUBMISSION' : 'TOPUP',
    method: p.method,
    status: 'CREATED',
    quoteId,
    credits,
    amountMicros: BigInt(credits) * MICROS_PER_CREDIT,
    network: chain.network,
    asset: chain.token,
    payTo: chain.treasury,
    payer: p.payer ? p.payer.toLowerCase() : null,
    snapshot,
    expiresAt: new Date(now.getTime() + s.config.payments.intentTtlSeconds * 1000),
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(paymentIntents).values(row);
  return (await tx.select().from(paymentIntents).where(eq(paymentIntents.id, row.id)))[0]!;
}

export async function lockIntent(tx: DbOrTx, id: string, developerId: string): Promise<IntentRow> {
  const i = (
    await tx
      .select()
      .from(paymentIntents)
      .where(and(eq(paymentIntents.id, id), eq(paymentIntents.developerId, developerId)))
      .for('update')
  )[0];
  if (!i) throw new SigmaError('SIGMA_E_PAYMENT_INTENT_NOT_FOUND', undefined, { field: 'id' });
  return i;
}

/** What a transaction proves on chain: a successful Transfer of the token to the treasury. */
export interface CheckedTransfer {
  from: string;
  value: bigint;
  blockNumber: bigint;
  blockTimestamp: Date;
  confirmations: bigint;
}

/**
 * Check a direct transfer on chain: the receipt exists and succeeded, it has enough confirmations,
 * and one of its logs is an ERC-20 Transfer emitted by the configured token, to the treasury, of at
 * least the amount (and from the declared payer, when the intent names one). Errors name the check.
 */
export async function checkTransfer(
  chain: PaymentChain,
  txHash: Hash,
  intent: Pick<IntentRow, 'amountMicros' | 'payer'>,
  minConfirmations: number,
): Promise<CheckedTransfer> {
  let receipt;
  try {
    receipt = await chain.publicClient.getTransactionReceipt({ hash: txHash });
  } catch {
    throw new SigmaError('SIGMA_E_PAYMENT_TX_UNCONFIRMED', 'No receipt for this transaction yet (unknown or still pending).', { field: 'txHash' });
  }
  if (receipt.status !== 'success') throw new SigmaError('SIGMA_E_PAYMENT_TX_INVALID', 'The transaction reverted.', { field: 'txHash' });
  const latest = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  const confirmations = latest - receipt.blockNumber + 1n;
  if (confirmations < BigInt(minConfirmations)) {
    throw new SigmaError('SIGMA_E_PAYMENT_TX_UNCONFIRMED', `The transaction has ${confirmations} of ${minConfirmations} confirmations.`, {
      field: 'txHash',
      details: { confirmations: Number(confirmations), required: minConfirmations },
    });
  }
  const token = getAddress(chain.token);
  const treasury = getAddress(chain.treasury);
  let sawToken = false;
  let sawRecipient = false;
  let best: { from: string; value: bigint } | null = null;
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== token) continue;
    let ev;
    try {
      ev = decodeEventLog({ abi: erc20Abi, data: log.data, topics: log.topics });
    } catch {
      continue;
    }
    if (ev.eventName !== 'Transfer') continue;
    sawToken = true;
    if (getAddress(ev.args.to) !== treasury) continue;
    sawRecipient = true;
    if (intent.payer && ev.args.from.toLowerCase() !== intent.payer) continue;
    if (!best || ev.args.value > best.value) best = { from: ev.args.from.toLowerCase(), value: ev.args.value };
  }
  if (!sawToken) throw new SigmaError('SIGMA_E_PAYMENT_TX_INVALID', `The transaction has no Transfer of the payment token ${token}.`, { field: 'txHash' });
  if (!sawRecipient) throw new SigmaError('SIGMA_E_PAYMENT_TX_INVALID', `The transaction does not transfer to the treasury ${treasury}.`, { field: 'txHash' });
  if (!best) throw new SigmaError('SIGMA_E_PAYMENT_TX_INVALID', 'The transfer is not from the payer this intent names.', { field: 'txHash' });
  if (best.value < intent.amountMicros) {
    throw new SigmaError('SIGMA_E_PAYMENT_TX_INVALID', `The transfer is ${formatUsdc(best.value)} USDC; the intent needs ${formatUsdc(intent.amountMicros)}.`, {
      field: 'txHash',
      details: { paid: best.value.toString(), required: intent.amountMicros.toString() },
    });
  }
  const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { from: best.from, value: best.value, blockNumber: receipt.blockNumber, blockTimestamp: new Date(Number(block.timestamp) * 1000), confirmations };
}

/**
 * Confirm a CREATED intent with the hash of a direct transfer. The chain is checked first (outside
 * the transaction); then, in one transaction, the intent is locked, the hash is claimed (unique
 * index: a hash pays once, ever) and the USDC is booked as credits with the chain+hash as the
 * ledger idempotency key.
 */
export async function confirmTransfer(s: Services, chain: PaymentChain, developerId: string, intentId: string, txHashIn: string): Promise<IntentRow> {
  const txHash = txHashIn.toLowerCase() as Hash;
  const pre = await s.db.transaction((tx) => lockIntent(tx, intentId, developerId));
  if (pre.method !== 'CHAIN_TRANSFER') throw new SigmaError('SIGMA_E_PAYMENT_INTENT_STATE', 'This intent is not paid by a direct transfer.', { field: 'id' });
  if (pre.status === 'CONFIRMED' && pre.txHash === txHash) return pre; // a retried confirmation
  if (pre.status !== 'CREATED') throw new SigmaError('SIGMA_E_PAYMENT_INTENT_STATE', `The intent is ${pre.status}.`, { field: 'id' });
  await requireMethod(s.db, 'CHAIN_TRANSFER');
  const seen = (await s.db.select({ id: paymentIntents.id }).from(paymentIntents).where(eq(paymentIntents.txHash, txHash)).limit(1))[0];
  if (seen) throw new SigmaError('SIGMA_E_PAYMENT_TX_REUSED', undefined, { field: 'txHash' });
  const checked = await checkTransfer(chain, txHash, pre, s.config.payments.confirmations);
  if (checked.blockTimestamp > pre.expiresAt) {
    await s.db
      .update(paymentIntents)
      .set({ status: 'EXPIRED', failureReason: `paid after expiry by ${txHash}`, updatedAt: s.clock.now() })
      .where(and(eq(paymentIntents.id, pre.id), eq(paymentIntents.status, 'CREATED')));
    throw new SigmaError('SIGMA_E_PAYMENT_INTENT_EXPIRED', 'The transfer was mined after the intent expired; contact an operator.', { field: 'id' });
  }
  try {
    return await s.db.transaction(async (tx) => {
      const i = await lockIntent(tx, intentId, developerId);
      if (i.status !== 'CREATED') throw new SigmaError('SIGMA_E_PAYMENT_INTENT_STATE', `The intent is ${i.status}.`, { field: 'id' });
      const now = s.clock.now();
      await tx
        .update(paymentIntents)
        .set({ status: 'CONFIRMED', txHash, payer: checked.from, confirmedAt: now, updatedAt: now })
        .where(eq(paymentIntents.id, i.id));
      const posted = await topUpFromUsdc(tx, {
        developerId,
        credits: i.credits,
        // The intent's price is what buys credits; an overpayment is kept as USDC in the treasury and shown on the intent.
        micros: checked.value,
        idempotencyKey: `chain:${chain.chainId}:${txHash}`,
        memo: `USDC transfer ${txHash} (intent ${i.id})`,
        refType: 'payment_intent',
        refId: i.id,
        data: { txHash, from: checked.from, value: checked.value.toString(), blockNumber: checked.blockNumber.toString() },
      });
      if (!posted.created) throw new SigmaError('SIGMA_E_PAYMENT_TX_REUSED', undefined, { field: 'txHash' });
      if (i.purpose === 'TOPUP') await tx.update(paymentIntents).set({ status: 'CONSUMED', consumedAt: now }).where(eq(paymentIntents.id, i.id));
      return (await tx.select().from(paymentIntents).where(eq(paymentIntents.id, i.id)))[0]!;
    });
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e?.code === '23505' || e?.cause?.code === '23505') throw new SigmaError('SIGMA_E_PAYMENT_TX_REUSED', undefined, { field: 'txHash' });
    throw err;
  }
}

/** A developer's newest payment intents (at most 100). */
export async function listIntents(db: DbOrTx, developerId: string): Promise<IntentRow[]> {
  return db.select().from(paymentIntents).where(eq(paymentIntents.developerId, developerId)).orderBy(desc(paymentIntents.createdAt)).limit(100);
}

/** One of the developer's payment intents, or SIGMA_E_PAYMENT_INTENT_NOT_FOUND. */
export async function getIntent(db: DbOrTx, id: string, developerId: string): Promise<IntentRow> {
  const i = (
    await db
      .select()
      .from(paymentIntents)
      .where(and(eq(paymentIntents.id, id), eq(paymentIntents.developerId, developerId)))
      .limit(1)
  )[0];
  if (!i) throw new SigmaError('SIGMA_E_PAYMENT_INTENT_NOT_FOUND', undefined, { field: 'id' });
  return i;
}
