import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decodePaymentRequiredHeader } from '@x402/core/http';
import { z } from 'zod';
import { CreateSubmissionBody, CreateSubmissionResponse, SigmaError, type SubmissionPayment } from '@sigma/core';
import { requireChain } from '../../domain/payments/chain.js';
import { creditBalance } from '../../domain/payments/credits.js';
import { requireMethod } from '../../domain/payments/methods.js';
import { X402_ROUTES, type PricedAdapter } from '../../domain/payments/x402-setup.js';
import { X402Service, x402Of } from '../../domain/payments/x402.js';
import { MICROS_PER_CREDIT } from '../../domain/pricing/engine.js';
import { draftContentHash, getQuote } from '../../domain/pricing/quotes.js';
import { getSubmissionRow } from '../../domain/submissions/service.js';
import { draftOf, submit } from '../../domain/submissions/submit.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
};

/** The Fastify side of the x402 HTTP adapter: the request as @x402/core reads it, with the price set by the route. */
function adapterOf(s: Services, req: FastifyRequest, priceMicros: bigint): PricedAdapter {
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const path = req.url.split('?')[0]!;
  return {
    priceMicros,
    getHeader: header,
    getMethod: () => req.method,
    getPath: () => path,
    getUrl: () => `${s.config.publicUrl}${req.url}`,
    getAcceptHeader: () => header('accept') ?? 'application/json',
    getUserAgent: () => header('user-agent') ?? '',
    getBody: () => req.body,
  };
}

/** Send x402's payment instructions (402 + PAYMENT-REQUIRED) with a catalogue error body. */
function sendPaymentRequired(reply: FastifyReply, r: { status: number; headers: Record<string, string>; body?: unknown }) {
  for (const [k, v] of Object.entries(r.headers)) if (k.toLowerCase() !== 'content-type') reply.header(k, v);
  // x402 v2 carries the reason in the PAYMENT-REQUIRED header's `error` ("Payment required" when nothing was sent).
  const header = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'payment-required')?.[1];
  let reason: string | undefined = (r.body as { error?: string } | undefined)?.error;
  if (!reason && header) {
    try {
      const e = decodePaymentRequiredHeader(header).error;
      if (e && e !== 'Payment required') reason = e;
    } catch {
      // an undecodable header is passed through as is
    }
  }
  const code = r.status === 402 ? (reason ? 'SIGMA_E_PAYMENT_X402_INVALID' : 'SIGMA_E_PAYMENT_REQUIRED') : 'SIGMA_E_PAYMENT_X402_INVALID';
  const message = reason
    ? `The x402 payment was not accepted: ${reason}.`
    : 'Pay with x402 v2: read the PAYMENT-REQUIRED header (base64 JSON), retry with a PAYMENT-SIGNATURE header.';
  return reply
    .code(r.status)
    .type('application/json')
    .send({ error: { code, message, details: r.body ?? null } });
}

export const devX402 =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/credits/topup',
      {
        schema: {
          tags: ['dev'],
          summary: 'Buy credits with x402 (v2): answers 402 + PAYMENT-REQUIRED; retry with PAYMENT-SIGNATURE',
          description:
            'The payment is verified and settled through the facilitator before any credit is booked; the EIP-3009 authorization nonce is the idempotency key (a replay returns the first result).',
          body: z.object({ credits: z.number().int().positive().max(10_000_000) }),
          response: {
            200: z.object({
              credited: z.number().int(),
              credits: z.number().int(),
              intentId: z.string(),
              txHash: z.string(),
              payer: z.string(),
              replayed: z.boolean(),
            }),
            ...errors,
          },
        },
      },
      async (req, reply) => {
        const chain = requireChain(s);
        await requireMethod(s.db, 'X402');
        const developerId = req.developer!.developerId;
        const x = x402Of(s, chain);
        const presented = X402Service.nonceOf(req.headers['payment-signature'] as string | undefined);
        if (presented) {
          const prior = await x.prior(presented.nonce, developerId);
          if (prior) {
            reply.header('PAYMENT-RESPONSE', prior.paymentResponse);
            return {
              ...(prior.result as { credited: number; intentId: string; txHash: string; payer: string }),
              credits: await creditBalance(s.db, developerId),
              replayed: true,
            };
          }
        }
        const micros = BigInt(req.body.credits) * MICROS_PER_CREDIT;
        const r = await x.payThenRecord(
          adapterOf(s, req, micros),
          { developerId, purpose: 'TOPUP', credits: req.body.credits, micros, quoteId: null, snapshot: null },
          (settled) => ({
            credited: req.body.credits,
            txHash: settled.txHash,
            payer: settled.payer,
          }),
        );
        if (!r.paid) return sendPaymentRequired(reply, r.response);
        for (const [k, v] of Object.entries(r.headers)) reply.header(k, v);
        return { ...r.result, credits: await creditBalance(s.db, developerId), replayed: false };
      },
    );

    app.post(
      X402_ROUTES.submission.replace('/api/v1/dev', ''),
      {
        schema: {
          tags: ['dev'],
          summary: 'Pay a quoted submission with x402 (v2) and submit it in one request',
          description:
            'Needs `quoteId`. Answers 402 + PAYMENT-REQUIRED at the quoted price; the retry with PAYMENT-SIGNATURE is verified and settled before the submission is created. If creating the submission then fails, the payment stays with you as credits (and a CONFIRMED intent); a replay of the same authorization retries it.',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).passthrough(),
          body: CreateSubmissionBody,
          response: {
            201: CreateSubmissionResponse.extend({ intentId: z.string() }),
            200: CreateSubmissionResponse.extend({ intentId: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (req, reply) => {
        const chain = requireChain(s);
        await requireMethod(s.db, 'X402');
        const developerId = req.developer!.developerId;
        const body = req.body;
        if (!body.quoteId) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'Paying a submission with x402 needs the quoteId to pay.', { field: 'quoteId' });
        const draft = draftOf(s, body);
        const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
        const x = x402Of(s, chain);
        let intentId: string | null = null;
        // The submission service checks the Idempotency-Key first; only then is a payment looked for or asked for.
        const acquire = async (): Promise<{ payment: SubmissionPayment } | { stop: true }> => {
          const paidBy = (id: string, headers: Record<string, string>) => {
            for (const [k, v] of Object.entries(headers)) reply.header(k, v);
            intentId = id;
            return { payment: { method: 'intent' as const, intentId: id } };
          };
          const presented = X402Service.nonceOf(req.headers['payment-signature'] as string | undefined);
          if (presented) {
            const prior = await x.prior(presented.nonce, developerId);
            if (prior?.intentId) {
              const intent = await x.intentOf(prior.intentId);
              if (intent?.submissionId) {
                // This payment already paid a submission: answer that one.
                reply.header('PAYMENT-RESPONSE', prior.paymentResponse);
                const sub = (await getSubmissionRow(s.db, intent.submissionId))!;
                reply.code(200).send({ submissionId: sub.id, status: sub.status, intentId: intent.id });
                return { stop: true };
              }
              if (intent?.status === 'CONFIRMED') return paidBy(intent.id, { 'PAYMENT-RESPONSE': prior.paymentResponse });
            }
          }
          // Check the quote before asking for money: a payment is never taken for a quote that cannot be used.
          const quote = await getQuote(s.db, body.quoteId!, developerId);
          const now = s.clock.now();
          if (quote.status !== 'OPEN') throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_USED', undefined, { field: 'quoteId' });
          if (quote.expiresAt <= now) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_EXPIRED', undefined, { field: 'quoteId' });
          if (quote.productType !== body.category || quote.contentHash !== draftContentHash(body, draft.files))
            throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_MISMATCH', undefined, { field: 'quoteId' });
          if (quote.totalCredits <= 0)
            throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'This quote is free; submit it with payment method credits.', { field: 'quoteId' });
          const r = await x.payThenRecord(
            adapterOf(s, req, quote.usdcMicros),
            { developerId, purpose: 'SUBMISSION', credits: quote.totalCredits, micros: quote.usdcMicros, quoteId: quote.id, snapshot: quote.snapshot },
            () => ({ quoteId: quote.id }),
          );
          if (!r.paid) {
            sendPaymentRequired(reply, r.response);
            return { stop: true };
          }
          return paidBy(r.result.intentId, r.headers);
        };
        const created = await submit(s, { developerId, draft, idempotencyKey: key, acquire });
        if (!created) return reply; // answered by acquire (402, or the submission this payment already paid)
        return reply.code(created.created ? 201 : 200).send({ submissionId: created.id, status: created.status, intentId });
      },
    );
  };
