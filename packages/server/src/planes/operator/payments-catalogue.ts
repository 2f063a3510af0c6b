/** Operator pricing-catalogue routes (categories, rules, package fee, campaigns), registered inside the operator payments API. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PriceSurface, ProductType } from '@sigma/core';
import { changeCampaign, createCampaign, retireCampaign } from '../../domain/pricing/campaigns.js';
import { catalogueView } from '../../domain/pricing/catalogue.js';
import {
  changeCategory,
  changeRule,
  createCategory,
  createRule,
  retireCategory,
  retirePackageFee,
  retireRule,
  setPackageFee,
} from '../../domain/pricing/catalogue-entries.js';
import type { Services } from '../../services.js';
import { Any, Created, errors, IdParam, Iso, Ok, tags, toDate } from './payments-schemas.js';

const Credits = z.number().int().min(0).max(100_000_000);
const Bps = z.number().int().min(1).max(1_000_000);

/** Adds the catalogue routes to `app` (the operator payments plugin's instance, so its auth and encapsulation apply unchanged). */
export function catalogueRoutes(app: Parameters<FastifyPluginAsyncZod>[0], s: Services): void {
  const op = (req: { operator?: { operatorId: string } }) => ({ operatorId: req.operator!.operatorId });

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
        id: await s.db.transaction((tx) => createCampaign(tx, op(req), { ...req.body, startsAt: toDate(req.body.startsAt), endsAt: toDate(req.body.endsAt) })),
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
}
