import { and, eq } from 'drizzle-orm';
import { newId24, SigmaError, type CreateSubmissionBody, type SubmissionPayment, type SubmissionStatus } from '@sigma/core';
import type { Tx } from '../../db/client.js';
import { paymentIntents, submissionPayments, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { createQuote, consumeQuote, draftContentHash, dryRunDraft, lockUsableQuote, type QuoteRow } from '../pricing/quotes.js';
import { createSubmission, type DecodedFile } from '../submissions/service.js';
import { chargeSubmission } from './credits.js';
import { checkWallet, redeemVoucher, useOverride } from './free.js';
import { requireMethod, type PaymentMethod } from './methods.js';

export interface PaidSubmissionInput {
  developerId: string;
  body: CreateSubmissionBody;
  files: DecodedFile[];
  idempotencyKey?: string;
  /** Runs first inside the submission's transaction (x402: record the settled payment as credits). */
  beforePay?: (tx: Tx) => Promise<void>;
  /** Force the payment (x402 pays through a CONFIRMED intent it just created). */
  payment?: SubmissionPayment;
}

export interface PaidSubmission {
  id: string;
  status: SubmissionStatus;
  created: boolean;
  quoteId: string | null;
  method: string | null;
  paidCredits: number;
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

async function priorSubmission(db: Services['db'] | Tx, developerId: string, key: string | undefined) {
  if (!key) return null;
  return (
    (
      await db
        .select({ id: submissions.id, status: submissions.status })
        .from(submissions)
        .where(and(eq(submissions.developerId, developerId), eq(submissions.idempotencyKey, key)))
        .limit(1)
    )[0] ?? null
  );
}

/**
 * Create a submission only together with its payment, in ONE transaction: the quote is consumed (or
 * made now from a dry run), the payment is taken (credits debited under an account lock, a voucher
 * or override used, a confirmed intent consumed), the price snapshot is stored, the submission is
 * created and its first job enqueued. A retry with the same Idempotency-Key returns the first
 * submission and charges nothing.
 */
export async function createPaidSubmission(s: Services, input: PaidSubmissionInput): Promise<PaidSubmission> {
  const prior = await priorSubmission(s.db, input.developerId, input.idempotencyKey);
  if (prior) return { id: prior.id, status: prior.status, created: false, quoteId: null, method: null, paidCredits: 0 };
  const payment: SubmissionPayment = input.payment ?? input.body.payment ?? { method: 'credits' };
  const draft = { productType: input.body.category, contentHash: draftContentHash(input.body, input.files) };
  if (payment.method === 'wallet' && !input.body.quoteId)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'Paying with an allow-listed wallet needs the quoteId the wallet signed.', { field: 'quoteId' });
  // No quote given: quote now (the dry run happens outside the transaction).
  const dry = input.body.quoteId ? null : await dryRunDraft(s, input.body, input.files);
  try {
    return await s.transact(async (tx, next) => {
      const again = await priorSubmission(tx, input.developerId, input.idempotencyKey);
      if (again) return { id: again.id, status: again.status, created: false, quoteId: null, method: null, paidCredits: 0 };
      if (input.beforePay) await input.beforePay(tx);
      const now = s.clock.now();
      const quote: QuoteRow = input.body.quoteId
        ? await lockUsableQuote(tx, input.body.quoteId, input.developerId, draft, now)
        : await createQuote(tx, {
            developerId: input.developerId,
            productType: input.body.category,
            dry: dry!,
            now,
            ttlSeconds: s.config.payments.quoteTtlSeconds,
          });
      const id = newId24();
      const paid = await takePayment(tx, s, { developerId: input.developerId, submissionId: id, quote, payment, now });
      await consumeQuote(tx, quote, id, now);
      const snapshot = { ...quote.snapshot, payment: { method: paid.method, paidCredits: paid.paid, promoCredits: paid.promo, ...paid.refs } };
      const r = await createSubmission(tx, {
        id,
        developerId: input.developerId,
        body: input.body,
        files: input.files,
        idempotencyKey: input.idempotencyKey,
        paidVia: paid.description,
        payment: snapshot,
      });
      await tx.insert(submissionPayments).values({
        submissionId: id,
        developerId: input.developerId,
        quoteId: quote.id,
        method: paid.method,
        listCredits: quote.listCredits,
        discountCredits: quote.discountCredits,
        paidCredits: paid.paid,
        promoCredits: paid.promo,
        intentId: paid.refs.intentId ?? null,
        voucherCode: paid.refs.voucherCode ?? null,
        overrideId: paid.refs.overrideId ?? null,
        wallet: paid.refs.wallet ?? null,
        snapshot,
        ledgerTransactionId: paid.ledgerTransactionId,
      });
      await next.evidence(r.id);
      return { id: r.id, status: r.status, created: true, quoteId: quote.id, method: paid.method, paidCredits: paid.paid };
    });
  } catch (err) {
    // Two retries with one Idempotency-Key raced: the loser's transaction (and its charge) rolled back.
    if (input.idempotencyKey && isUniqueViolation(err)) {
      const p = await priorSubmission(s.db, input.developerId, input.idempotencyKey);
      if (p) return { id: p.id, status: p.status, created: false, quoteId: null, method: null, paidCredits: 0 };
    }
    throw err;
  }
}

interface Taken {
  method: string;
  description: string;
  paid: number;
  promo: number;
  refs: { intentId?: string; voucherCode?: string; overrideId?: string; wallet?: string };
  ledgerTransactionId: string;
}

async function takePayment(
  tx: Tx,
  s: Services,
  p: { developerId: string; submissionId: string; quote: QuoteRow; payment: SubmissionPayment; now: Date },
): Promise<Taken> {
  const { quote } = p;
  const free = async (method: PaymentMethod, what: string, refs: Taken['refs']): Promise<Taken> => {
    const led = await chargeSubmission(tx, {
      submissionId: p.submissionId,
      developerId: p.developerId,
      paid: 0,
      promo: quote.listCredits,
      memo: `${what} (booked to promotions)`,
      data: { quoteId: quote.id, method, ...refs },
    });
    return { method, description: what, paid: 0, promo: quote.listCredits, refs, ledgerTransactionId: led.id };
  };
  const debit = async (method: PaymentMethod, what: string, refs: Taken['refs']): Promise<Taken> => {
    const led = await chargeSubmission(tx, {
      submissionId: p.submissionId,
      developerId: p.developerId,
      paid: quote.totalCredits,
      promo: quote.discountCredits,
      memo: what,
      data: { quoteId: quote.id, method, ...refs },
    });
    return { method, description: what, paid: quote.totalCredits, promo: quote.discountCredits, refs, ledgerTransactionId: led.id };
  };
  const discount = quote.discountCredits > 0 ? ` after a ${quote.discountCredits}-credit campaign discount` : '';
  switch (p.payment.method) {
    case 'credits':
      await requireMethod(tx, 'CREDITS');
      return debit('CREDITS', `${quote.totalCredits} credits${discount}`, {});
    case 'voucher': {
      await requireMethod(tx, 'VOUCHER');
      const code = await redeemVoucher(tx, p.payment.code, p.developerId, p.submissionId, p.now);
      return free('VOUCHER', `voucher ${code}`, { voucherCode: code });
    }
    case 'wallet': {
      await requireMethod(tx, 'WALLET');
      const wallet = await checkWallet(tx, p.payment.address, p.payment.signature, quote.id);
      return free('WALLET', `allow-listed wallet ${wallet}`, { wallet });
    }
    case 'override': {
      await requireMethod(tx, 'OVERRIDE');
      const overrideId = await useOverride(tx, p.developerId, quote.productType, p.submissionId, p.now);
      return free('OVERRIDE', `operator free override ${overrideId}`, { overrideId });
    }
    case 'intent': {
      const intent = (
        await tx
          .select()
          .from(paymentIntents)
          .where(and(eq(paymentIntents.id, p.payment.intentId), eq(paymentIntents.developerId, p.developerId)))
          .for('update')
      )[0];
      if (!intent) throw new SigmaError('SIGMA_E_PAYMENT_INTENT_NOT_FOUND', undefined, { field: 'payment.intentId' });
      await requireMethod(tx, intent.method as PaymentMethod);
      if (intent.status !== 'CONFIRMED')
        throw new SigmaError('SIGMA_E_PAYMENT_INTENT_STATE', `The intent is ${intent.status}; only a CONFIRMED intent pays a submission.`, {
          field: 'payment.intentId',
        });
      if (intent.purpose !== 'SUBMISSION' || intent.quoteId !== quote.id)
        throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_MISMATCH', 'The intent pays another quote.', { field: 'payment.intentId' });
      await tx
        .update(paymentIntents)
        .set({ status: 'CONSUMED', consumedAt: p.now, submissionId: p.submissionId, updatedAt: p.now })
        .where(and(eq(paymentIntents.id, intent.id), eq(paymentIntents.status, 'CONFIRMED')));
      // The intent's USDC became credits when it was confirmed; the submission debits them now.
      return debit(
        intent.method as PaymentMethod,
        `${intent.method === 'X402' ? 'x402' : 'USDC transfer'} ${intent.txHash ?? ''}`.trim() + ` (intent ${intent.id})`,
        { intentId: intent.id },
      );
    }
  }
}
