import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { featureFlags } from '../../db/schema/index.js';
import { audit } from '../../domain/audit/log.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const FeatureFlag = z.object({ key: z.string(), enabled: z.boolean(), description: z.string(), updatedBy: z.string().nullable(), updatedAt: z.string() });
const view = (r: typeof featureFlags.$inferSelect) => ({
  key: r.key,
  enabled: r.enabled,
  description: r.description,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

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
      async () => ({ flags: (await s.db.select().from(featureFlags).orderBy(featureFlags.key)).map(view) }),
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
      async (req) => {
        const operatorId = req.operator!.operatorId;
        return s.db.transaction(async (tx) => {
          const before = (await tx.select().from(featureFlags).where(eq(featureFlags.key, req.body.key)).for('update').limit(1))[0];
          const description = req.body.description ?? before?.description ?? '';
          const now = s.clock.now();
          const [row] = await tx
            .insert(featureFlags)
            .values({ key: req.body.key, enabled: req.body.enabled, description, updatedBy: operatorId, updatedAt: now })
            .onConflictDoUpdate({ target: featureFlags.key, set: { enabled: req.body.enabled, description, updatedBy: operatorId, updatedAt: now } })
            .returning();
          await audit(tx, {
            actorType: 'operator',
            actorId: operatorId,
            action: 'feature_flag.set',
            targetType: 'feature_flag',
            targetId: req.body.key,
            data: {
              before: before ? { enabled: before.enabled, description: before.description } : null,
              after: { enabled: row!.enabled, description: row!.description },
            },
          });
          return view(row!);
        });
      },
    );
  };
