import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSubmissionBody } from '@sigma/core';
import { createCanary, reinstateValidator, sanctionValidator, standingHistoryOf } from '../../domain/standing/operations.js';
import { STANDING } from '../../domain/standing/weight.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const Reason = z.string().trim().min(10, 'a written reason of at least 10 characters is required').max(2000);

/** Operator plane: sanctions, reinstatement, standing history, canaries. Registered inside the operator plane (its auth applies). */
export const operatorStandingRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/validators/:id/sanction',
      {
        schema: {
          tags: ['operator'],
          summary: `Sanction a validator: −${STANDING.sanctionMin}..−${STANDING.sanctionMax} reputation and a stake slash`,
          params: z.object({ id: z.string().max(64) }),
          body: z.object({
            penalty: z.number().int().min(STANDING.sanctionMin).max(STANDING.sanctionMax),
            reason: Reason,
            slashBps: z.number().int().min(0).max(10_000).optional(),
          }),
          response: { 200: z.object({ reputation: z.number(), status: z.string(), slashedWei: z.string() }), ...errors },
        },
      },
      async (req) => sanctionValidator(s, req.operator!.operatorId, req.params.id, req.body),
    );

    app.post(
      '/validators/:id/reinstate',
      {
        schema: {
          tags: ['operator'],
          summary: 'Reinstate a suspended validator (back to the reputation floor)',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ reason: Reason }),
          response: { 200: z.object({ reputation: z.number(), status: z.string() }), ...errors },
        },
      },
      async (req) => reinstateValidator(s, req.operator!.operatorId, req.params.id, req.body.reason),
    );

    app.get(
      '/validators/:id/history',
      {
        schema: {
          tags: ['operator'],
          summary: 'Every standing change of a validator, newest first',
          params: z.object({ id: z.string().max(64) }),
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
          response: {
            200: z.object({
              history: z.array(
                z.object({
                  id: z.string(),
                  at: z.string(),
                  kind: z.string(),
                  roundId: z.string().nullable(),
                  reputationBefore: z.number(),
                  reputationAfter: z.number(),
                  accuracyBefore: z.number(),
                  accuracyAfter: z.number(),
                  weightBefore: z.number(),
                  weightAfter: z.number(),
                  statusAfter: z.string(),
                  reason: z.string(),
                  data: z.unknown(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => ({ history: (await standingHistoryOf(s, req.params.id, req.query.limit)).map(({ validatorId: _v, ...r }) => r) }),
    );

    app.post(
      '/canaries',
      {
        schema: {
          tags: ['operator'],
          summary: 'Inject a canary submission with a known label (never certified; counts triple for standing)',
          body: CreateSubmissionBody.extend({ label: z.enum(['benign', 'malicious']) }),
          response: { 201: z.object({ submissionId: z.string() }), ...errors },
        },
      },
      async (req, reply) => {
        const { label, ...body } = req.body;
        return reply.code(201).send(await createCanary(s, req.operator!.operatorId, { label, body }));
      },
    );
  };
