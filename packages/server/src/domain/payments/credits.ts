import { and, desc, eq, sql } from 'drizzle-orm';
import { SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, ledgerEntries, ledgerTransactions, submissionPayments } from '../../db/schema/index.js';
import { balance, developerCredits, lockAccount, PLATFORM, post, unbalancedTransactions } from '../ledger/ledger.js';

/**
 * Every money movement of payments, as balanced ledger postings (see docs/payments.md):
 *
 *  grant        promotions(CREDIT) −c, developer credits +c
 *  top-up       external(USDC) −u, treasury(USDC) +u  ·  treasury(CREDIT) −c, developer credits +c
 *  submission   developer credits −paid, promotions(CREDIT) −promo, revenue(CREDIT) +(paid+promo)
 *  refund       revenue(CREDIT) −(paid+promo), developer credits +paid, promotions(CREDIT) +promo
 *
 * treasury(CREDIT) goes negative by the credits sold (what the platform owes in service); promotions
 * goes negative by what free routes, discounts and grants cost the platform.
 */

export async function creditBalance(db: DbOrTx, developerId: string): Promise<number> {
  return Number(await balance(db, developerCredits(developerId)));
}

/** Credits given by the platform (demo seed, operator grant), booked to promotions. */
export async function grantCredits(
  tx: DbOrTx,
  p: { developerId: string; credits: number; idempotencyKey: string; memo: string; data?: Record<string, unknown> },
) {
  if (!Number.isSafeInteger(p.credits) || p.credits <= 0)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'credits must be a positive integer', { field: 'credits' });
  return post(tx, {
    kind: 'credit.grant',
    idempotencyKey: p.idempotencyKey,
    refType: 'developer',
    refId: p.developerId,
    memo: p.memo,
    data: p.data,
    entries: [
      { account: PLATFORM.promotions('CREDIT'), amount: -BigInt(p.credits) },
      { account: developerCredits(p.developerId), amount: BigInt(p.credits) },
    ],
  });
}

/** USDC received into the treasury and turned into credits for the developer. */
export async function topUpFromUsdc(
  tx: DbOrTx,
  p: {
    developerId: string;
    credits: number;
    micros: bigint;
    idempotencyKey: string;
    memo: string;
    refType: string;
    refId: string;
    data?: Record<string, unknown>;
  },
) {
  return post(tx, {
    kind: 'credit.topup',
    idempotencyKey: p.idempotencyKey,
    refType: p.refType,
    refId: p.refId,
    memo: p.memo,
    data: p.data,
    entries: [
      { account: PLATFORM.external('USDC'), amount: -p.micros },
      { account: PLATFORM.treasury('USDC'), amount: p.micros },
      { account: PLATFORM.treasury('CREDIT'), amount: -BigInt(p.credits) },
      { account: developerCredits(p.developerId), amount: BigInt(p.credits) },
    ],
  });
}

/**
 * Book a submission's price: `paid` credits from the developer (balance checked under a row lock on
 * the account, so concurrent charges can never take it below zero), `promo` from promotions.
 */
export async function chargeSubmission(
  tx: DbOrTx,
  p: { submissionId: string; developerId: string; paid: number; promo: number; memo: string; data?: Record<string, unknown> },
) {
  if (p.paid > 0) {
    await lockAccount(tx, developerCredits(p.developerId));
    const have = await balance(tx, developerCredits(p.developerId));
    if (have < BigInt(p.paid)) {
      throw new SigmaError('SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS', `The price is ${p.paid} credits; the balance is ${have}.`, {
        field: 'payment',
        details: { balance: Number(have), price: p.paid },
      });
    }
  }
  return post(tx, {
    kind: 'submission.charge',
    idempotencyKey: `submission:${p.submissionId}:charge`,
    refType: 'submission',
    refId: p.submissionId,
    memo: p.memo,
    data: p.data,
    entries: [
      { account: developerCredits(p.developerId), amount: -BigInt(p.paid) },
      { account: PLATFORM.promotions('CREDIT'), amount: -BigInt(p.promo) },
      { account: PLATFORM.revenue('CREDIT'), amount: BigInt(p.paid + p.promo) },
    ],
  });
}

/**
 * Refund a submission in credits (SPEC §8: rejected before the council by a system fault): what the
 * developer paid goes back to their credits, what promotions paid goes back to promotions. Once.
 */
export async function refundSubmission(tx: DbOrTx, submissionId: string, reason: string): Promise<{ refunded: boolean; credits: number }> {
  const row = (await tx.select().from(submissionPayments).where(eq(submissionPayments.submissionId, submissionId)).for('update'))[0];
  if (!row) return { refunded: false, credits: 0 };
  if (row.refundedAt) return { refunded: false, credits: 0 };
  const r = await post(tx, {
    kind: 'submission.refund',
    idempotencyKey: `submission:${submissionId}:refund`,
    refType: 'submission',
    refId: submissionId,
    memo: `Refund: ${reason}`,
    data: { reason },
    entries: [
      { account: PLATFORM.revenue('CREDIT'), amount: -BigInt(row.paidCredits + row.promoCredits) },
      { account: developerCredits(row.developerId), amount: BigInt(row.paidCredits) },
      { account: PLATFORM.promotions('CREDIT'), amount: BigInt(row.promoCredits) },
    ],
  });
  await tx
    .update(submissionPayments)
    .set({ refundedAt: sql`now()`, refundTransactionId: r.id })
    .where(eq(submissionPayments.submissionId, submissionId));
  return { refunded: r.created, credits: row.paidCredits };
}

/** The newest movements on a developer's credit account. */
export async function creditHistory(db: DbOrTx, developerId: string, limit = 50) {
  const ref = developerCredits(developerId);
  const rows = await db
    .select({
      at: ledgerTransactions.at,
      kind: ledgerTransactions.kind,
      memo: ledgerTransactions.memo,
      refType: ledgerTransactions.refType,
      refId: ledgerTransactions.refId,
      amount: ledgerEntries.amount,
      transactionId: ledgerTransactions.id,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(
      and(
        eq(ledgerAccounts.kind, ref.kind),
        eq(ledgerAccounts.ownerType, ref.ownerType),
        eq(ledgerAccounts.ownerId, ref.ownerId),
        eq(ledgerAccounts.currency, ref.currency),
      ),
    )
    .orderBy(desc(ledgerEntries.id))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    kind: r.kind,
    memo: r.memo,
    refType: r.refType,
    refId: r.refId,
    credits: Number(r.amount),
    transactionId: r.transactionId,
  }));
}

/** The trial balance: every account's derived balance, totals per currency, and any unbalanced transaction. */
export async function trialBalance(db: DbOrTx) {
  const rows = await db
    .select({
      kind: ledgerAccounts.kind,
      ownerType: ledgerAccounts.ownerType,
      ownerId: ledgerAccounts.ownerId,
      currency: ledgerAccounts.currency,
      total: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text`,
    })
    .from(ledgerAccounts)
    .leftJoin(ledgerEntries, eq(ledgerEntries.accountId, ledgerAccounts.id))
    .groupBy(ledgerAccounts.kind, ledgerAccounts.ownerType, ledgerAccounts.ownerId, ledgerAccounts.currency)
    .orderBy(ledgerAccounts.currency, ledgerAccounts.ownerType, ledgerAccounts.kind, ledgerAccounts.ownerId);
  const totals: Record<string, string> = {};
  for (const r of rows) totals[r.currency] = (BigInt(totals[r.currency] ?? '0') + BigInt(r.total)).toString();
  const unbalanced = await unbalancedTransactions(db);
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(ledgerTransactions)) as [{ n: number }];
  const negativeDevelopers = rows.filter((r) => r.ownerType === 'developer' && BigInt(r.total) < 0n).length;
  return {
    balanced: unbalanced.length === 0 && Object.values(totals).every((t) => t === '0') && negativeDevelopers === 0,
    transactions: n,
    totals,
    unbalanced,
    negativeDeveloperBalances: negativeDevelopers,
    accounts: rows.map((r) => ({ kind: r.kind, ownerType: r.ownerType, ownerId: r.ownerId, currency: r.currency, balance: r.total })),
  };
}
