import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSubmissionBody, Quote, SigmaError } from '@sigma/core';
import { creditBalance, creditHistory } from '../../domain/payments/credits.js';
import { checkVoucher } from '../../domain/payments/free.js';
import { getIntent, intentView, listIntents } from '../../domain/payments/intents.js';
import { methodStates } from '../../domain/payments/methods.js';
import { createQuote, dryRunDraft, getQuote, quoteView } from '../../domain/pricing/quotes.js';
import { CREDITS_PER_USDC } from '../../domain/pricing/engine.js';
import { draftOf } from '../../domain/submissions/submit.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { devChainPayments } from './chain-payments.js';

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
const Id = z.string().max(64);
const checkId = (id: string, code: 'SIGMA_E_PAYMENT_QUOTE_NOT_FOUND' | 'SIGMA_E_PAYMENT_INTENT_NOT_FOUND') => {
  if (!/^[0-9a-f]{24}$/.test(id)) throw new SigmaError(code, undefined, { field: 'id' });
};

/** Developer payments API: quotes, credits, vouchers, payment intents (SPEC §8). Registered inside the dev plane (its auth applies). */
export const devPayments =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/quotes',
      {
        schema: {
          tags: ['dev'],
          summary: 'Quote a draft: price in USDC and credits, itemised, with an expiry',
          description:
            'The draft is dry-run through the evidence engine; its review-depth signals and the operator catalogue give the price. The snapshot is stored and carried onto the intent and the submission.',
          body: CreateSubmissionBody,
          response: { 201: Quote, ...errors },
        },
      },
      async (req, reply) => {
        const { body, files } = draftOf(s, req.body);
        const dry = await dryRunDraft(s, body, files);
        const q = await s.db.transaction((tx) =>
          createQuote(tx, {
            developerId: req.developer!.developerId,
            productType: body.category,
            dry,
            now: s.clock.now(),
            ttlSeconds: s.config.payments.quoteTtlSeconds,
          }),
        );
        return reply.code(201).send(quoteView(q, s.clock.now()));
      },
    );

    app.get(
      '/quotes/:id',
      {
        schema: { tags: ['dev'], summary: 'A quote and its explanation', params: z.object({ id: Id }), response: { 200: Quote, ...errors } },
      },
      async (req) => {
        checkId(req.params.id, 'SIGMA_E_PAYMENT_QUOTE_NOT_FOUND');
        return quoteView(await getQuote(s.db, req.params.id, req.developer!.developerId), s.clock.now());
      },
    );

    app.get(
      '/credits',
      {
        schema: {
          tags: ['dev'],
          summary: 'Your credit balance (derived from the ledger) and recent movements',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
          response: {
            200: z.object({
              credits: z.number().int(),
              usdcEquivalent: z.string(),
              creditsPerUsdc: z.number().int(),
              history: z.array(
                z.object({
                  at: z.string(),
                  kind: z.string(),
                  memo: z.string(),
                  refType: z.string().nullable(),
                  refId: z.string().nullable(),
                  credits: z.number().int(),
                  transactionId: z.string(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const credits = await creditBalance(s.db, req.developer!.developerId);
        return {
          credits,
          usdcEquivalent: (credits / CREDITS_PER_USDC).toFixed(2),
          creditsPerUsdc: CREDITS_PER_USDC,
          history: await creditHistory(s.db, req.developer!.developerId, req.query.limit),
        };
      },
    );

    app.get(
      '/payment-methods',
      {
        schema: {
          tags: ['dev'],
          summary: 'Which payment methods this deployment accepts',
          response: { 200: z.object({ methods: z.record(z.string(), z.boolean()), chain: z.boolean() }), ...errors },
        },
      },
      async () => ({ methods: await methodStates(s.db), chain: s.chain !== null }),
    );

    app.get(
      '/vouchers/:code',
      {
        schema: {
          tags: ['dev'],
          summary: 'Check a voucher code before paying with it',
          params: z.object({ code: z.string().min(1).max(64) }),
          response: {
            200: z.object({ code: z.string(), valid: z.boolean(), remainingForYou: z.number().int().nullable(), expiresAt: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (req) => checkVoucher(s.db, req.params.code, req.developer!.developerId, s.clock.now()),
    );

    app.get(
      '/payment-intents',
      {
        schema: {
          tags: ['dev'],
          summary: 'Your payment intents, newest first',
          response: { 200: z.object({ intents: z.array(z.record(z.string(), z.unknown())) }), ...errors },
        },
      },
      async (req) => ({
        intents: (await listIntents(s.db, req.developer!.developerId)).map((i) => intentView(i, s.clock.now())),
      }),
    );

    app.get(
      '/payment-intents/:id',
      {
        schema: { tags: ['dev'], summary: 'A payment intent', params: z.object({ id: Id }), response: { 200: z.record(z.string(), z.unknown()), ...errors } },
      },
      async (req) => {
        checkId(req.params.id, 'SIGMA_E_PAYMENT_INTENT_NOT_FOUND');
        return intentView(await getIntent(s.db, req.params.id, req.developer!.developerId), s.clock.now());
      },
    );

    await app.register(devChainPayments(s));
  };
