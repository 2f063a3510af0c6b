import { and, eq } from 'drizzle-orm';
import { SigmaError, type SubmissionPayment } from '@sigma/core';
import type { Tx } from '../../db/client.js';
import { paymentIntents, submissionPayments } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { consumeQuote, type QuoteRow } from '../pricing/quotes.js';
import { chargeSubmission } from './credits.js';
import { checkWallet, redeemVoucher, useOverride } from './free.js';
import { requireMethod, type PaymentMethod } from './methods.js';

/** What paying for a submission recorded: the price snapshot (with the payment) and who paid what. */
export interface SubmissionPaid {
  snapshot: Record<string, unknown>;
  method: string;
  description: string;
  paidCredits: number;
}

/**
 * Pay for a submission inside its transaction: take the payment (credits debited under an account
 * lock, a voucher or override used, a confirmed intent consumed), consume the quote, and record the
 * payment with its price snapshot. The submission row is created by the caller in the same transaction.
 */
export async function payForSubmission(
  tx: Tx,
  s: Services,
  p: { developerId: string; submissionId: string; quote: QuoteRow; payment: SubmissionPayment; now: Date },
): Promise<SubmissionPaid> {
  const paid = await takePayment(tx, s, p);
  await consumeQuote(tx, p.quote, p.submissionId, p.now);
  const snapshot = { ...p.quote.snapshot, payment: { method: paid.method, paidCredits: paid.paid, promoCredits: paid.promo, ...paid.refs } };
  await tx.insert(submissionPayments).values({
    submissionId: p.submissionId,
    developerId: p.developerId,
    quoteId: p.quote.id,
    method: paid.method,
    listCredits: p.quote.listCredits,
    discountCredits: p.quote.discountCredits,
    paidCredits: paid.paid,
    promoCredits: paid.promo,
    intentId: paid.refs.intentId ?? null,
    voucherCode: paid.refs.voucherCode ?? null,
    overrideId: paid.refs.overrideId ?? null,
    wallet: paid.refs.wallet ?? null,
    snapshot,
    ledgerTransactionId: paid.ledgerTransactionId,
  });
  return { snapshot, method: paid.method, description: paid.description, paidCredits: paid.paid };
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
