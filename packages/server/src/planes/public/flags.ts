import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileFlag } from '../../domain/flags/service.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

/** `POST /api/v1/public/certificates/:id/flags`: anyone may flag a certificate (rate-limited). */
export const publicFlags =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/certificates/:id/flags',
      {
        schema: {
          tags: ['public'],
          summary: 'Flag a certificate for operator review',
          description: 'The contact is shown to operators only. Open and escalated flags are counted in `activeFlagCount`.',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({
            reason: z.string().trim().min(3, 'give a short reason').max(200),
            evidence: z.string().trim().min(10, 'describe what you saw (at least 10 characters)').max(4000),
            contact: z.string().trim().max(200).optional(),
          }),
          response: { 201: z.object({ flagId: z.string(), status: z.literal('OPEN') }), 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
        },
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const contact = req.body.contact ? req.body.contact : undefined;
        const filed = await fileFlag(s.db, req.params.id, { reason: req.body.reason, evidence: req.body.evidence, contact });
        app.sigmaCertificates.changed(req.params.id);
        return reply.code(201).send(filed);
      },
    );
  };
