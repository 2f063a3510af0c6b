import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId24, PriceSurface, ProductType, SigmaError } from '@sigma/core';
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
import {
  catalogueView,
  changeCampaign,
  changeCategory,
  changeRule,
  createCampaign,
  createCategory,
  createRule,
  retireCampaign,
  retireCategory,
  retirePackageFee,
  retireRule,
  setPackageFee,
} from '../../domain/pricing/catalogue.js';
import { ErrorResponse } from '../../lib/http.js';
import { developerExists } from '../../domain/auth/developers.js';
import type { Services } from '../../services.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
const IdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'must be 24 lowercase hex digits') });
const Ok = z.object({ ok: z.literal(true) });
const Created = z.object({ id: z.string() });
const Any = z.record(z.string(), z.unknown());
const Credits = z.number().int().min(0).max(100_000_000);
const Bps = z.number().int().min(1).max(1_000_000);
const Iso = z.string().datetime({ offset: true });
const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** Operator payments API: methods, the pricing catalogue, free routes, grants and the trial balance. Inside the operator plane (its auth applies). */
export const operatorPayments =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const op = (req: { operator?: { operatorId: string } }) => ({ operatorId: req.operator!.operatorId });
    const tags = ['operator'];

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
    app.get(
      '/pricing/catalogue',
      {
        schema: {
          tags,
          summary: 'The pricing catalogue (active entries; ?all=true for history)',
          querystring: z.object({ all: z.enum(['true', 'false']).default('false') }),
          response: { 200: Any, ...errors },
        },
      },
      async (req) => catalogueView(s.db, req.query.all === 'true'),
    );

    app.post(
      '/pricing/categories',
      {
        schema: {
          tags,
          summary: 'Price a category',
          body: z.object({ productType: ProductType, baseCredits: Credits }),
          response: { 201: Created, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send({ id: await s.db.transaction((tx) => createCategory(tx, op(req), req.body)) }),
    );
    app.patch(
      '/pricing/categories/:id',
      {
        schema: {
          tags,
          summary: 'Change a category price (retires the entry, creates a new one)',
          params: IdParam,
          body: z.object({ baseCredits: Credits }),
          response: { 200: Created, ...errors },
        },
      },
      async (req) => ({ id: await s.db.transaction((tx) => changeCategory(tx, op(req), req.params.id, req.body, s.clock.now())) }),
    );
    app.post(
      '/pricing/categories/:id/retire',
      { schema: { tags, summary: 'Retire a category price', params: IdParam, response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => retireCategory(tx, op(req), req.params.id, s.clock.now()));
        return { ok: true as const };
      },
    );

    const RuleBody = z.object({
      name: z.string().trim().min(1).max(200),
      surface: PriceSurface,
      signal: z.string().min(1).max(64),
      minValue: z.number().int().min(0).max(1_000_000_000),
      multiplierBps: Bps,
    });
    app.post(
      '/pricing/rules',
      { schema: { tags, summary: 'Add a pricing rule (a multiplier on a review-depth signal)', body: RuleBody, response: { 201: Created, ...errors } } },
      async (req, reply) => reply.code(201).send({ id: await s.db.transaction((tx) => createRule(tx, op(req), req.body)) }),
    );
    app.patch(
      '/pricing/rules/:id',
      {
        schema: {
          tags,
          summary: 'Change a rule (retires it, creates a new one)',
          params: IdParam,
          body: RuleBody.partial(),
          response: { 200: Created, ...errors },
        },
      },
      async (req) => ({ id: await s.db.transaction((tx) => changeRule(tx, op(req), req.params.id, req.body, s.clock.now())) }),
    );
    app.post('/pricing/rules/:id/retire', { schema: { tags, summary: 'Retire a rule', params: IdParam, response: { 200: Ok, ...errors } } }, async (req) => {
      await s.db.transaction((tx) => retireRule(tx, op(req), req.params.id, s.clock.now()));
      return { ok: true as const };
    });

    app.put(
      '/pricing/package-fee',
      {
        schema: {
          tags,
          summary: 'Set (create or change) the per-package fee',
          body: z.object({ creditsPerPackage: Credits }),
          response: { 200: Created, ...errors },
        },
      },
      async (req) => ({ id: await s.db.transaction((tx) => setPackageFee(tx, op(req), req.body.creditsPerPackage, s.clock.now())) }),
    );
    app.post(
      '/pricing/package-fee/:id/retire',
      { schema: { tags, summary: 'Retire the per-package fee', params: IdParam, response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => retirePackageFee(tx, op(req), req.params.id, s.clock.now()));
        return { ok: true as const };
      },
    );

    const CampaignBody = z.object({
      name: z.string().trim().min(1).max(200),
      kind: z.enum(['FIRST_N', 'WINDOW']),
      productType: ProductType.nullable().optional(),
      discountBps: z.number().int().min(1).max(10_000),
      maxRedemptions: z.number().int().positive().nullable().optional(),
      perDeveloperLimit: z.number().int().positive().nullable().optional(),
      startsAt: Iso.nullable().optional(),
      endsAt: Iso.nullable().optional(),
    });
    app.post(
      '/pricing/campaigns',
      { schema: { tags, summary: 'Start a campaign (first-N or time window)', body: CampaignBody, response: { 201: Created, ...errors } } },
      async (req, reply) =>
        reply.code(201).send({
          id: await s.db.transaction((tx) =>
            createCampaign(tx, op(req), { ...req.body, startsAt: toDate(req.body.startsAt), endsAt: toDate(req.body.endsAt) }),
          ),
        }),
    );
    app.patch(
      '/pricing/campaigns/:id',
      {
        schema: { tags, summary: 'Change a campaign (its counters are kept)', params: IdParam, body: CampaignBody.partial(), response: { 200: Ok, ...errors } },
      },
      async (req) => {
        await s.db.transaction((tx) =>
          changeCampaign(tx, op(req), req.params.id, { ...req.body, startsAt: toDate(req.body.startsAt), endsAt: toDate(req.body.endsAt) }),
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/pricing/campaigns/:id/retire',
      { schema: { tags, summary: 'Retire a campaign', params: IdParam, response: { 200: Ok, ...errors } } },
      async (req) => {
        await s.db.transaction((tx) => retireCampaign(tx, op(req), req.params.id, s.clock.now()));
        return { ok: true as const };
      },
    );

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
