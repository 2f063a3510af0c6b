import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SigmaError } from '@sigma/core';
import { requireChain } from '../../domain/payments/chain.js';
import { confirmTransfer, createIntent, intentView } from '../../domain/payments/intents.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { devX402 } from './x402.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
};

/** Direct chain transfers (intents confirmed by tx hash) and the x402 routes. */
export const devChainPayments =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/payment-intents',
      {
        schema: {
          tags: ['dev'],
          summary: 'Open a payment intent: pay a quote, or buy credits, by a direct USDC transfer to the treasury',
          body: z
            .object({
              method: z.literal('CHAIN_TRANSFER').default('CHAIN_TRANSFER'),
              quoteId: z
                .string()
                .regex(/^[0-9a-f]{24}$/)
                .optional(),
              credits: z.number().int().positive().max(100_000_000).optional(),
              payer: z
                .string()
                .regex(/^0x[0-9a-fA-F]{40}$/)
                .optional(),
            })
            .refine((b) => (b.quoteId === undefined) !== (b.credits === undefined), { message: 'give either quoteId or credits', path: ['quoteId'] }),
          response: { 201: z.record(z.string(), z.unknown()), ...errors },
        },
      },
      async (req, reply) => {
        const chain = requireChain(s);
        const i = await s.db.transaction((tx) =>
          createIntent(tx, s, chain, {
            developerId: req.developer!.developerId,
            method: 'CHAIN_TRANSFER',
            quoteId: req.body.quoteId,
            credits: req.body.credits,
            payer: req.body.payer,
          }),
        );
        return reply.code(201).send(intentView(i, s.clock.now()));
      },
    );

    app.post(
      '/payment-intents/:id/confirm',
      {
        schema: {
          tags: ['dev'],
          summary: 'Confirm a direct transfer intent with the transaction hash (checked on chain; a hash pays once)',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 32-byte hex transaction hash') }),
          response: { 200: z.record(z.string(), z.unknown()), ...errors },
        },
      },
      async (req) => {
        if (!/^[0-9a-f]{24}$/.test(req.params.id)) throw new SigmaError('SIGMA_E_PAYMENT_INTENT_NOT_FOUND', undefined, { field: 'id' });
        const chain = requireChain(s);
        return intentView(await confirmTransfer(s, chain, req.developer!.developerId, req.params.id, req.body.txHash), s.clock.now());
      },
    );

    await app.register(devX402(s));
  };
