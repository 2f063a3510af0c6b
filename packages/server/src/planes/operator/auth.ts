import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { SigmaError } from '@sigma/core';
import { beginTotpEnrolment, confirmTotpEnrolment, loginOperator, operatorOfSession, type OperatorPrincipal } from '../../domain/auth/operators.js';
import { revokeSession } from '../../domain/auth/sessions.js';
import { audit } from '../../domain/audit/log.js';
import { assertCsrfSafe, originOf } from '../../lib/csrf.js';
import { bearer, ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: OperatorPrincipal;
  }
}

export const OP_SESSION_COOKIE = 'sigma_op_session';
export const OP_COOKIE_PATH = '/api/v1/operator';
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
const cookieOptsOf = (s: Services) => ({ httpOnly: true, sameSite: 'strict' as const, secure: s.config.publicUrl.startsWith('https:'), path: OP_COOKIE_PATH });

/**
 * The operator credential: a `sigma_os_` session (bearer or the console's httpOnly cookie, with the
 * CSRF guard). Sets `req.operator`; a session still enrolling its second factor passes here, and
 * `requireSecondFactor` stops it everywhere else.
 */
export function operatorSession(s: Services): onRequestAsyncHookHandler {
  const origins = [originOf(s.config.publicUrl)];
  return async (req) => {
    const token = bearer(req, OP_SESSION_COOKIE);
    if (!token) throw new SigmaError('SIGMA_E_AUTH_MISSING', 'Operator session required.');
    assertCsrfSafe(req, origins);
    if (!token.startsWith('sigma_os_')) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'This credential is not valid on the operator plane.');
    req.operator = await operatorOfSession(s.db, token, s.clock);
  };
}

/** The console proper needs a full session: password and (where required) TOTP. */
export const requireSecondFactor: onRequestAsyncHookHandler = async (req) => {
  if (req.operator?.stage !== 'full') throw new SigmaError('SIGMA_E_AUTH_FORBIDDEN', 'Enrol a second factor (TOTP) first.');
};

/** Public: sign in with password, then TOTP. */
export const operatorSignIn =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOpts = cookieOptsOf(s);
    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['operator'],
          summary: 'Operator sign-in: password, then TOTP',
          body: z.object({ email: z.string().email().max(200), password: z.string().min(1).max(200), totp: z.string().max(10).optional() }),
          response: { 200: z.object({ token: z.string(), expiresAt: z.string(), stage: z.enum(['full', 'enroll']) }), ...errors },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const r = await loginOperator(s.db, req.body, { totpPolicy: s.config.operatorTotp, clock: s.clock });
        // The console uses the httpOnly cookie; API clients use the returned bearer token.
        reply.setCookie(OP_SESSION_COOKIE, r.token, { ...cookieOpts, expires: r.expiresAt });
        return { token: r.token, expiresAt: r.expiresAt.toISOString(), stage: r.stage };
      },
    );
  };

/** Any signed-in operator, also one still enrolling TOTP: who am I, sign out, enrol the second factor. */
export const operatorAccount =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOpts = cookieOptsOf(s);
    app.post('/auth/logout', { schema: { tags: ['operator'], response: { 200: z.object({ ok: z.boolean() }) } } }, async (req, reply) => {
      await revokeSession(s.db, req.operator!.sessionId, s.clock);
      reply.clearCookie(OP_SESSION_COOKIE, cookieOpts);
      return { ok: true };
    });

    app.get(
      '/me',
      { schema: { tags: ['operator'], response: { 200: z.object({ operatorId: z.string(), email: z.string(), stage: z.string() }) } } },
      async (req) => ({
        operatorId: req.operator!.operatorId,
        email: req.operator!.email,
        stage: req.operator!.stage,
      }),
    );

    app.post(
      '/auth/totp/enroll',
      {
        schema: { tags: ['operator'], summary: 'Start TOTP enrolment', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...errors } },
      },
      async (req) => {
        const r = await beginTotpEnrolment(s.db, req.operator!.operatorId);
        return { secret: r.secret, otpauthUri: r.uri };
      },
    );

    app.post(
      '/auth/totp/confirm',
      {
        schema: {
          tags: ['operator'],
          summary: 'Confirm TOTP enrolment with a code',
          body: z.object({ secret: z.string().max(64), code: z.string().max(10) }),
          response: { 200: z.object({ ok: z.boolean() }), ...errors },
        },
      },
      async (req, reply) => {
        await confirmTotpEnrolment(s.db, req.operator!.operatorId, req.body.secret, req.body.code, s.clock);
        await audit(s.db, { actorType: 'operator', actorId: req.operator!.operatorId, action: 'operator.totp.enrolled' });
        await revokeSession(s.db, req.operator!.sessionId, s.clock);
        reply.clearCookie(OP_SESSION_COOKIE, cookieOpts);
        return { ok: true };
      },
    );
  };
