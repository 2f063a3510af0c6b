import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SigmaError, UsageGroupBy, UsageReport } from '@sigma/core';
import { audit } from '../../domain/audit/log.js';
import { listCatalogue } from '../../models/catalogue.js';
import { runModelsSync } from '../../models/sync.js';
import { usageReport } from '../../models/usage.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

/**
 * Operator routes for LLM usage and the model catalogue (SPEC §1 "usage and LLM finance"). Registered inside
 * the operator plane, so its authentication (session, second factor, CSRF) applies.
 */
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };
const DAY_MS = 24 * 3600 * 1000;
const Instant = z.union([z.string().datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

export const operatorUsagePlane =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/usage',
      {
        schema: {
          tags: ['operator'],
          summary: 'LLM usage and cost per model, validator or UTC day (from inclusive, to exclusive; default the last 30 days)',
          querystring: z.object({ groupBy: UsageGroupBy.default('model'), from: Instant.optional(), to: Instant.optional() }),
          response: {
            200: UsageReport,
            ...errors,
          },
        },
      },
      async (req) => {
        const to = req.query.to ? new Date(req.query.to) : s.clock.now();
        const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 30 * DAY_MS);
        if (!(from.getTime() < to.getTime())) throw new SigmaError('SIGMA_E_REQUEST_INVALID', '`from` must be before `to`.', { field: 'from' });
        if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'The period is at most 400 days.', { field: 'from' });
        return { currency: 'micro-USD' as const, ...(await usageReport(s.db, { groupBy: req.query.groupBy, from, to })) };
      },
    );

    const CatalogueOut = z.object({
      models: z.array(
        z.object({
          provider: z.string(),
          modelId: z.string(),
          family: z.string(),
          inMicroUsdPerMTok: z.number(),
          outMicroUsdPerMTok: z.number(),
          contextLength: z.number().nullable(),
          source: z.string(),
          updatedAt: z.string(),
          configured: z.boolean(),
        }),
      ),
    });
    app.get(
      '/models',
      {
        schema: {
          tags: ['operator'],
          summary: 'The model catalogue (ids, families, prices per million tokens in micro-USD)',
          response: { 200: CatalogueOut, ...errors },
        },
      },
      async () => ({
        models: (await listCatalogue(s.db)).map((m) => ({
          provider: m.provider,
          modelId: m.modelId,
          family: m.family,
          inMicroUsdPerMTok: m.priceInPerMTok,
          outMicroUsdPerMTok: m.priceOutPerMTok,
          contextLength: m.contextLength,
          source: m.source,
          updatedAt: m.updatedAt.toISOString(),
          configured: s.providers.has(m.provider),
        })),
      }),
    );

    app.post(
      '/models/sync',
      {
        schema: {
          tags: ['operator'],
          summary: 'Refresh the model catalogue now (bundled file + every configured provider)',
          response: {
            200: z.object({
              pricesAsOf: z.string(),
              bundled: z.number(),
              providers: z.array(z.object({ provider: z.string(), models: z.number(), error: z.string().nullable() })),
            }),
            ...errors,
          },
        },
        config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
      },
      async (req) => {
        const summary = await runModelsSync(s);
        await audit(s.db, {
          actorType: 'operator',
          actorId: req.operator!.operatorId,
          action: 'models.sync',
          data: { bundled: summary.bundled, providers: summary.providers },
        });
        return summary;
      },
    );
  };
