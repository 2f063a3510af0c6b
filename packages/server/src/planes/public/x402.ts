import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paymentChainOf } from '../../domain/payments/chain.js';
import { methodStates } from '../../domain/payments/methods.js';
import { X402_MAX_TIMEOUT_SECONDS, X402_ROUTES } from '../../domain/payments/x402-setup.js';
import { x402Of } from '../../domain/payments/x402.js';
import { CREDITS_PER_USDC, MICROS_PER_CREDIT } from '../../domain/pricing/engine.js';
import type { Services } from '../../services.js';

/** `/.well-known/x402.json`: what this deployment sells over x402 v2, and how. */
export const x402WellKnown =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/.well-known/x402.json',
      {
        schema: { tags: ['public'], summary: 'x402 offers of this deployment (v2)', response: { 200: z.record(z.string(), z.unknown()) } },
      },
      async () => {
        const chain = paymentChainOf(s);
        const enabled = chain !== null && (await methodStates(s.db)).X402;
        if (!chain || !enabled)
          return { x402Version: 2, enabled: false, offers: [], reason: chain ? 'x402 is switched off by the operators' : 'no chain configured' };
        const extra = await x402Of(s, chain).tokenDomain();
        const base = { scheme: 'exact', network: chain.network, asset: chain.token, payTo: chain.treasury, maxTimeoutSeconds: X402_MAX_TIMEOUT_SECONDS, extra };
        return {
          x402Version: 2,
          enabled: true,
          facilitator: s.config.payments.x402FacilitatorUrl ? { kind: 'remote', url: s.config.payments.x402FacilitatorUrl } : { kind: 'local' },
          idempotency: 'The EIP-3009 authorization nonce: a replayed PAYMENT-SIGNATURE returns the first result and is never credited twice.',
          auth: 'Developer plane: Authorization: Bearer <developer API key>',
          offers: [
            {
              resource: `${s.config.publicUrl}${X402_ROUTES.topup}`,
              method: 'POST',
              description: `Buy credits: body {"credits": N}; price N × ${MICROS_PER_CREDIT} micro-USDC (${CREDITS_PER_USDC} credits per USDC).`,
              accepts: { ...base, amount: 'credits × 10000' },
            },
            {
              resource: `${s.config.publicUrl}${X402_ROUTES.submission}`,
              method: 'POST',
              description:
                'Pay a quote and submit in one request: the submission body with quoteId (POST /api/v1/dev/quotes first); price = the quote in micro-USDC.',
              accepts: { ...base, amount: 'quote.usdcMicros' },
            },
          ],
        };
      },
    );
  };
