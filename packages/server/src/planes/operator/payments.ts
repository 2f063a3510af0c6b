import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId24, ProductType, SigmaError } from '@sigma/core';
import { audit } from '../../domain/audit/log.js';
import { creditBalance, grantCredits, trialBalance } from '../../domain/payments/credits.js';
import {
  allowWallet,
  createVoucher,
  disallowWallet,
  grantOverride,
  listOverrides,
  listVouchers,
  listWallets,
  retireVoucher,
  revokeOverride,
} from '../../domain/payments/free.js';
import { methodStates, PAYMENT_METHODS, setMethod } from '../../domain/payments/methods.js';
import { developerExists } from '../../domain/auth/developers.js';
import type { Services } from '../../services.js';
import { catalogueRoutes } from './payments-catalogue.js';
import { Any, Created, errors, IdParam, Iso, Ok, tags, toDate } from './payments-schemas.js';

/** Operator payments API: methods, the pricing catalogue, free routes, grants and the trial balance. Inside the operator plane (its auth applies). */
export const operatorPayments =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- payment methods
    app.get(
      '/payments/methods',
      {
        schema: {
          tags,
          summary: 'Payment methods and whether each is on',
          response: { 200: z.object({ methods: z.record(z.string(), z.boolean()), chain: z.boolean() }), ...errors },
        },
      },
      async () => ({ methods: await methodStates(s.db), chain: s.chain !== null }),
    );
    app.put(
      '/payments/methods/:method',
      {
        schema: {
          tags,
          summary: 'Switch a payment method on or off',
          params: z.object({ method: z.enum(PAYMENT_METHODS) }),
          body: z.object({ enabled: z.boolean() }),
          response: { 200: z.object({ methods: z.record(z.string(), z.boolean()) }), ...errors },
        },
      },
      async (req) => {
        await s.db.transaction((tx) => setMethod(tx, req.operator!.operatorId, req.params.method, req.body.enabled, s.clock.now()));
        return { methods: await methodStates(s.db) };
      },
    );

    // ---- catalogue
    catalogueRoutes(app, s);

    // ---- free routes
    app.get('/payments/vouchers', { schema: { tags, summary: 'Vouchers', response: { 200: z.object({ vouchers: z.array(Any) }), ...errors } } }, async () => ({
      vouchers: await listVouchers(s.db),
    }));
    app.post(
      '/payments/vouchers',
      {
        schema: {
          tags,
          summary: 'Create a voucher (single use: maxUses 1; multi use; unlimited: maxUses null)',
          body: z.object({
            code: z.string().min(3).max(64),
            maxUses: z.number().int().positive().nullable().default(1),
            perDeveloperLimit: z.number().int().positive().nullable().optional(),
            expiresAt: Iso.nullable().optional(),
            note: z.string().max(500).optional(),
          }),
          response: { 201: z.object({ code: z.string() }), ...errors },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send({ code: await s.db.transaction((tx) => createVoucher(tx, req.operator!.operatorId, { ...req.body, expiresAt: toDate(req.body.expiresAt) })) }),
    );
    app.post(
      '/payments/vouchers/:code/retire',
      { schema: { tags, summary: 'Retire a voucher', params: z.object({ code: z.string().min(1).max(64) }), response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => retireVoucher(tx, req.operator!.operatorId, req.params.code, s.clock.now()));
        return { ok: true as const };
      },
    );

    const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an EVM address');
    app.get(
      '/payments/wallets',
      { schema: { tags, summary: 'Allow-listed wallets', response: { 200: z.object({ wallets: z.array(Any) }), ...errors } } },
      async () => ({ wallets: await listWallets(s.db) }),
    );
    app.post(
      '/payments/wallets',
      {
        schema: {
          tags,
          summary: 'Allow-list a wallet (its signed quotes are free)',
          body: z.object({ address: Address, note: z.string().max(500).default('') }),
          response: { 200: Ok, ...errors },
        },
      },
      async (req) => {
        await s.db.transaction((tx) => allowWallet(tx, req.operator!.operatorId, req.body.address, req.body.note));
        return { ok: true as const };
      },
    );
    app.delete(
      '/payments/wallets/:address',
      { schema: { tags, summary: 'Remove a wallet from the allow-list', params: z.object({ address: Address }), response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => disallowWallet(tx, req.operator!.operatorId, req.params.address, s.clock.now()));
        return { ok: true as const };
      },
    );

    app.get(
      '/payments/free-overrides',
      { schema: { tags, summary: 'Operator free overrides', response: { 200: z.object({ overrides: z.array(Any) }), ...errors } } },
      async () => ({ overrides: await listOverrides(s.db) }),
    );
    app.post(
      '/payments/free-overrides',
      {
        schema: {
          tags,
          summary: 'Grant a developer one free submission',
          body: z.object({ developerId: z.string().max(64), productType: ProductType.nullable().optional(), reason: z.string().trim().min(5).max(2000) }),
          response: { 201: Created, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send({ id: await s.db.transaction((tx) => grantOverride(tx, req.operator!.operatorId, req.body)) }),
    );
    app.post(
      '/payments/free-overrides/:id/revoke',
      { schema: { tags, summary: 'Revoke an unused free override', params: IdParam, response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => revokeOverride(tx, req.operator!.operatorId, req.params.id, s.clock.now()));
        return { ok: true as const };
      },
    );

    app.post(
      '/payments/credit-grants',
      {
        schema: {
          tags,
          summary: 'Grant credits to a developer (booked to promotions)',
          body: z.object({ developerId: z.string().max(64), credits: z.number().int().positive().max(10_000_000), reason: z.string().trim().min(5).max(2000) }),
          response: { 201: z.object({ transactionId: z.string(), credits: z.number().int() }), ...errors },
        },
      },
      async (req, reply) => {
        const dev = { id: req.body.developerId };
        if (!(await developerExists(s.db, dev.id))) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'No such developer.', { field: 'developerId' });
        const id = newId24();
        const r = await s.db.transaction(async (tx) => {
          const posted = await grantCredits(tx, {
            developerId: dev.id,
            credits: req.body.credits,
            idempotencyKey: `grant:${id}`,
            memo: `Operator grant: ${req.body.reason}`,
            data: { operatorId: req.operator!.operatorId },
          });
          await audit(tx, {
            actorType: 'operator',
            actorId: req.operator!.operatorId,
            action: 'payments.credits.granted',
            targetType: 'developer',
            targetId: dev.id,
            data: { credits: req.body.credits, reason: req.body.reason, transactionId: posted.id },
          });
          return posted;
        });
        return reply.code(201).send({ transactionId: r.id, credits: await creditBalance(s.db, dev.id) });
      },
    );

    // ---- books
    app.get(
      '/ledger/trial-balance',
      {
        schema: {
          tags,
          summary:
            'Trial balance: every account derived from its entries; balanced when every transaction and every currency sums to zero and no developer is negative',
          response: {
            200: z.object({
              balanced: z.boolean(),
              transactions: z.number().int(),
              totals: z.record(z.string(), z.string()),
              unbalanced: z.array(z.object({ transactionId: z.string(), currency: z.string(), sum: z.string() })),
              negativeDeveloperBalances: z.number().int(),
              accounts: z.array(z.object({ kind: z.string(), ownerType: z.string(), ownerId: z.string(), currency: z.string(), balance: z.string() })),
            }),
            ...errors,
          },
        },
      },
      async () => trialBalance(s.db),
    );
  };
