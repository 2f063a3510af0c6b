import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { codeHash, CreateSubmissionBody, EvidenceReport, Manifest, Reason, SigmaError, skillHash, SnapshotSource } from '@sigma/core';
import { resolveSession, revokeSession } from '../../domain/auth/sessions.js';
import { blockingReasons } from '../../domain/evidence/run.js';
import { DEV_SESSION_TTL_SECONDS, loginWithCode, requestLoginCode } from '../../domain/portal/login-codes.js';
import { createMailer } from '../../domain/portal/mail.js';
import { runEngine, type EngineSource } from '../../domain/evidence/engine.js';
import { draftOf } from '../../domain/submissions/submit.js';
import { bearer, ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

export const DEV_COOKIE_PATH = '/api/v1/dev';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };
const Email = z.string().trim().email().max(200);

/**
 * Public: portal sign-in (email + one-time code → `sigma_ds_` session in an httpOnly SameSite=Strict
 * cookie). Registered outside the developer plane's credential scope.
 */
export const devSignIn =
  (s: Services, cookieName: string): FastifyPluginAsyncZod =>
  async (app) => {
    const mailer = createMailer(s.db, s.config.mail, s.log);
    const secure = s.config.publicUrl.startsWith('https:');

    app.post(
      '/auth/code',
      {
        schema: {
          tags: ['dev'],
          summary: 'Email a one-time sign-in code',
          description: 'Always answers the same way whether or not the address has an account. `delivery` says where codes go on this deployment.',
          body: z.object({ email: Email }),
          response: { 200: z.object({ sent: z.literal(true), delivery: z.enum(['smtp', 'outbox']), expiresInSeconds: z.number().int() }), ...errors },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req) => {
        await requestLoginCode(s.db, req.body.email, { clock: s.clock, mailer, publicUrl: s.config.publicUrl });
        return { sent: true as const, delivery: mailer.delivery, expiresInSeconds: 600 };
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['dev'],
          summary: 'Sign in with the emailed code; sets the portal session cookie',
          body: z.object({ email: Email, code: z.string().trim().max(12) }),
          response: { 200: z.object({ developerId: z.string(), email: z.string(), token: z.string(), expiresAt: z.string() }), ...errors },
        },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const r = await loginWithCode(s.db, req.body.email, req.body.code, s.clock);
        reply.setCookie(cookieName, r.token, { httpOnly: true, sameSite: 'strict', secure, path: DEV_COOKIE_PATH, maxAge: DEV_SESSION_TTL_SECONDS });
        return { developerId: r.developerId, email: r.email, token: r.token, expiresAt: r.expiresAt.toISOString() };
      },
    );
  };

/** Logout and dry-run validation: inside the developer credential scope (which applies the CSRF guard to cookie sessions). */
export const devPortal =
  (s: Services, cookieName: string): FastifyPluginAsyncZod =>
  async (app) => {
    const secure = s.config.publicUrl.startsWith('https:');

    app.post(
      '/auth/logout',
      {
        schema: { tags: ['dev'], summary: 'End the portal session and clear its cookie', response: { 200: z.object({ ok: z.boolean() }), ...errors } },
      },
      async (req, reply) => {
        const token = bearer(req, cookieName);
        if (token?.startsWith('sigma_ds_')) {
          const session = await resolveSession(s.db, 'developer', token, s.clock);
          await revokeSession(s.db, session.sessionId, s.clock);
        }
        reply.clearCookie(cookieName, { path: DEV_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure });
        return { ok: true };
      },
    );

    app.post(
      '/validate',
      {
        schema: {
          tags: ['dev'],
          summary: 'Dry-run validation: evidence and the locked manifest preview, free, nothing stored',
          description: 'Runs the same evidence engine as a submission on the same `source` body. Creates no submission and charges nothing.',
          body: CreateSubmissionBody,
          response: {
            200: z.object({
              report: EvidenceReport,
              manifestPreview: z.object({
                manifest: Manifest,
                source: SnapshotSource,
                productType: z.string(),
                skillHash: z.string().nullable(),
                contentHash: z.string().nullable(),
                fileCount: z.number().int(),
              }),
              wouldBlock: z.boolean(),
              reasons: z.array(Reason),
            }),
            ...errors,
          },
        },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req) => {
        const { body, files } = draftOf(s, req.body);
        // Only remote HTTPS repositories: a dry run must never read the server's own files.
        if (body.source.type === 'git' && !/^https:\/\/[^\s/@]+\/\S+$/i.test(body.source.url)) {
          throw new SigmaError('SIGMA_E_SUBMISSION_SOURCE_INVALID', 'A git source for a dry run must be an https:// repository URL.', {
            field: 'source.url',
          });
        }
        const source: EngineSource = body.source.type === 'git' ? { type: 'git', url: body.source.url, ref: body.source.ref } : { type: 'upload', files };
        const { report } = await runEngine(s, source, { devNotes: body.devNotes, productType: body.category });
        const skill = files.find((f) => f.path === 'SKILL.md') ?? files.find((f) => f.path.endsWith('/SKILL.md'));
        return {
          report,
          manifestPreview: {
            manifest: report.manifest,
            source: {
              sourceType: body.source.type,
              sourceUrl: body.source.type === 'git' ? body.source.url : null,
              sourceRef: body.source.type === 'git' ? body.source.ref : null,
              entry: body.entry ?? null,
            },
            productType: body.category,
            skillHash: skill ? skillHash(skill.bytes) : report.skillHash,
            contentHash: files.length ? codeHash(files.map((f) => ({ path: f.path, content: f.bytes }))) : null,
            fileCount: report.sourceFacts.files.length,
          },
          wouldBlock: report.blocked,
          reasons: report.blocked ? blockingReasons(report) : [],
        };
      },
    );
  };
