import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOutbox } from '../../domain/portal/mail.js';
import type { Services } from '../../services.js';

export const DEV_OUTBOX_PREFIX = '/api/v1/dev-outbox';

/**
 * DEVELOPMENT ONLY. The mail the server would have sent, for a deployment without SMTP. Registered
 * only when `config.devOutbox` is true (no SMTP, not NODE_ENV=production, not SIGMA_DEV_OUTBOX=off);
 * otherwise the route does not exist and answers the catalogue 404.
 */
export const devOutbox =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/messages',
      {
        schema: {
          tags: ['public'],
          summary: 'DEVELOPMENT ONLY: mail written to the local outbox (no SMTP configured)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: {
            200: z.object({
              developmentOnly: z.literal(true),
              notice: z.string(),
              messages: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string() })),
            }),
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return {
          developmentOnly: true as const,
          notice:
            'Development only: this deployment has no SMTP server, so mail is kept here. It is never available with SMTP configured, with NODE_ENV=production, or with SIGMA_DEV_OUTBOX=off.',
          messages: await listOutbox(s.db, req.query.limit),
        };
      },
    );
  };
