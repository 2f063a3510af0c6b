import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FLAG_STATUSES, listFlags, triageFlag } from '../../domain/flags/service.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const FlagView = z.object({
  flagId: z.string(),
  certificateId: z.string(),
  reason: z.string(),
  evidence: z.string(),
  contact: z.string().nullable(),
  status: z.enum(FLAG_STATUSES),
  createdAt: z.string(),
  triagedBy: z.string().nullable(),
  triagedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  reauditRoundId: z.string().nullable(),
  /** Who filed it: the public (anyone) or SIGMA's own monitoring (a failing check). */
  source: z.enum(['PUBLIC', 'MONITOR']),
});

/** Flag triage for operators; registered inside the operator plane (its auth and CSRF hook apply). */
export const operatorFlags =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/flags',
      {
        schema: {
          tags: ['operator'],
          summary: 'Flags filed against certificates, newest first',
          querystring: z.object({ status: z.enum(FLAG_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) }),
          response: { 200: z.object({ flags: z.array(FlagView) }), 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async (req) => ({ flags: await listFlags(s.db, { status: req.query.status, limit: req.query.limit }) }),
    );

    app.post(
      '/flags/:id/triage',
      {
        schema: {
          tags: ['operator'],
          summary: 'Triage a flag: dismiss, escalate, or uphold (suspends the certificate and starts a REAUDIT round)',
          params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'must be a flag id') }),
          body: z.object({
            status: z.enum(['DISMISSED', 'ESCALATED', 'UPHELD']),
            resolution: z.string().trim().min(10, 'a written resolution of at least 10 characters is required').max(4000),
          }),
          response: {
            200: z.object({ flag: FlagView, certificateStatus: z.string().nullable(), reauditRoundId: z.string().nullable() }),
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            404: ErrorResponse,
            409: ErrorResponse,
          },
        },
      },
      async (req) => {
        const r = await triageFlag(s.transact, req.operator!.operatorId, req.params.id, req.body, s.clock);
        app.sigmaCertificates.changed(r.flag.certificateId);
        return r;
      },
    );
  };
