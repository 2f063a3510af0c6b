import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listFeatureFlags, setFeatureFlag } from '../../domain/flags/feature-flags.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const FeatureFlag = z.object({ key: z.string(), enabled: z.boolean(), description: z.string(), updatedBy: z.string().nullable(), updatedAt: z.string() });
/** Feature flags: operators list and set them; every change is in the audit log with before and after. */
export const operatorFeatureFlags =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/feature-flags',
      {
        schema: {
          tags: ['operator'],
          summary: 'Feature flags',
          response: { 200: z.object({ flags: z.array(FeatureFlag) }), 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async () => ({ flags: await listFeatureFlags(s.db) }),
    );

    app.put(
      '/feature-flags',
      {
        schema: {
          tags: ['operator'],
          summary: 'Create or change a feature flag (audited)',
          body: z.object({
            key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, dot, dash or underscore; at most 64'),
            enabled: z.boolean(),
            description: z.string().trim().max(500).optional(),
          }),
          response: { 200: FeatureFlag, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async (req) => setFeatureFlag(s.db, s.clock, req.operator!.operatorId, req.body),
    );
  };
