import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSubmissionBody, CreateSubmissionResponse, Id24, SigmaError, SubmissionView } from '@sigma/core';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/auth/developers.js';
import { getSubmissionView, listSubmissions } from '../../domain/submissions/service.js';
import { draftOf, submit } from '../../domain/submissions/submit.js';
import { devPayments } from './payments.js';
import { devCertificates } from './certificates.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { DEV_SESSION_COOKIE, developerAuth } from './auth.js';
import { devPortal, devSignIn } from './portal.js';
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

/**
 * The developer plane. Its protection is its structure: portal sign-in is public; every other route
 * is inside the scope whose hook requires a developer credential (an API key or a portal session).
 */
export const devPlane =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(devSignIn(s, DEV_SESSION_COOKIE));
    await app.register(async (authed) => {
      authed.addHook('onRequest', developerAuth(s, DEV_SESSION_COOKIE));
      await authed.register(devRoutes(s));
    });
  };

const devRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['dev'],
          summary: 'The signed-in developer',
          response: { 200: z.object({ developerId: z.string(), email: z.string(), via: z.string() }), ...errors },
        },
      },
      async (req) => ({ developerId: req.developer!.developerId, email: req.developer!.email, via: req.developer!.via }),
    );

    app.post(
      '/submissions',
      {
        schema: {
          tags: ['dev'],
          summary: 'Submit a skill for review (paid in the same step)',
          description:
            'Files are sent base64-encoded. Payment: `quoteId` (from POST /quotes) or a quote made now, and `payment` (default credits; or voucher, intent, wallet, override). An optional `Idempotency-Key` header makes retries safe: a retry never charges twice.',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).passthrough(),
          body: CreateSubmissionBody,
          response: { 201: CreateSubmissionResponse, 200: CreateSubmissionResponse, ...errors },
        },
      },
      async (req, reply) => {
        const key = req.headers['idempotency-key'];
        // The submission application service (domain/submissions/submit.ts): paid in the same transaction; a retried key charges nothing.
        const created = (await submit(s, {
          developerId: req.developer!.developerId,
          draft: draftOf(s, req.body),
          idempotencyKey: typeof key === 'string' ? key : undefined,
        }))!;
        return reply.code(created.created ? 201 : 200).send({ submissionId: created.id, status: created.status });
      },
    );

    app.get(
      '/submissions',
      {
        schema: {
          tags: ['dev'],
          summary: 'Your submissions, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), before: Id24.optional() }),
          response: {
            200: z.object({
              submissions: z.array(
                z.object({
                  submissionId: z.string(),
                  status: z.string(),
                  productType: z.string(),
                  skillName: z.string().nullable(),
                  createdAt: z.string(),
                  updatedAt: z.string(),
                  certificateId: z.string().nullable(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => ({ submissions: await listSubmissions(s.db, req.developer!.developerId, req.query) }),
    );

    app.get(
      '/submissions/:id',
      {
        schema: {
          tags: ['dev'],
          summary: 'Status, timeline, reasons and certificate of a submission',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: SubmissionView, ...errors },
        },
      },
      async (req) => {
        if (!/^[0-9a-f]{24}$/.test(req.params.id)) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
        return getSubmissionView(s.db, req.params.id, req.developer!.developerId);
      },
    );

    await app.register(devPayments(s));
    await app.register(devCertificates(s));

    const KeyView = z.object({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    });
    app.get(
      '/api-keys',
      {
        schema: { tags: ['dev'], summary: 'Your API keys (secrets are never shown again)', response: { 200: z.object({ keys: z.array(KeyView) }), ...errors } },
      },
      async (req) => ({
        keys: (await listApiKeys(s.db, req.developer!.developerId)).map((k) => ({
          ...k,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        })),
      }),
    );

    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['dev'],
          summary: 'Create an API key; the secret is returned once',
          body: z.object({ name: z.string().min(1).max(100) }),
          response: { 201: z.object({ id: z.string(), key: z.string(), prefix: z.string() }), ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await createApiKey(s.db, req.developer!.developerId, req.body.name)),
    );

    app.delete(
      '/api-keys/:id',
      {
        schema: {
          tags: ['dev'],
          summary: 'Revoke an API key',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: z.object({ revoked: z.boolean() }), ...errors },
        },
      },
      async (req) => {
        const revoked = await revokeApiKey(s.db, req.developer!.developerId, req.params.id, s.clock);
        if (!revoked) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'No such active key.', { field: 'id' });
        return { revoked };
      },
    );

    await app.register(devPortal(s, DEV_SESSION_COOKIE));
  };
