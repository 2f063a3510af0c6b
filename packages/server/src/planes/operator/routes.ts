import { desc, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EvidenceReport, RoundView, SigmaError, SubmissionStatus, SubmissionView } from '@sigma/core';
import { auditLog, evidenceReports, operators, submissions, validators } from '../../db/schema/index.js';
import { beginTotpEnrolment, confirmTotpEnrolment, loginOperator, type OperatorPrincipal } from '../../domain/auth/operators.js';
import { resolveSession, revokeSession } from '../../domain/auth/sessions.js';
import { roundViews } from '../../domain/assembly/rounds.js';
import { audit } from '../../domain/audit/log.js';
import { operatorDecide } from '../../domain/consensus/operator.js';
import { getSubmissionView } from '../../domain/submissions/service.js';
import { assertCsrfSafe, originOf } from '../../lib/csrf.js';
import { bearer, ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { operatorStandingRoutes } from './standing.js';
import { operatorUsagePlane } from './usage.js';
import { operatorPayments } from './payments.js';
import { operatorFeatureFlags } from './feature-flags.js';
import { operatorFlags } from './flags.js';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: OperatorPrincipal;
  }
}

export const OP_SESSION_COOKIE = 'sigma_op_session';
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
const PUBLIC_ROUTES = new Set(['/auth/login']);
const ENROL_ROUTES = new Set(['/auth/totp/enroll', '/auth/totp/confirm', '/auth/logout', '/me']);

export const OP_COOKIE_PATH = '/api/v1/operator';

export const operatorPlane =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const origins = [originOf(s.config.publicUrl)];
    const cookieOpts = { httpOnly: true, sameSite: 'strict' as const, secure: s.config.publicUrl.startsWith('https:'), path: OP_COOKIE_PATH };
    app.addHook('onRequest', async (req) => {
      const path = req.routeOptions.url?.replace(/^\/api\/v1\/operator/, '') ?? '';
      if (PUBLIC_ROUTES.has(path)) return;
      const token = bearer(req, OP_SESSION_COOKIE);
      if (!token) throw new SigmaError('SIGMA_E_AUTH_MISSING', 'Operator session required.');
      assertCsrfSafe(req, origins);
      if (!token.startsWith('sigma_os_')) throw new SigmaError('SIGMA_E_AUTH_INVALID', 'This credential is not valid on the operator plane.');
      const session = await resolveSession(s.db, 'operator', token, s.clock);
      const op = (await s.db.select().from(operators).where(eq(operators.id, session.subjectId)).limit(1))[0];
      if (!op) throw new SigmaError('SIGMA_E_AUTH_INVALID');
      const stage = session.data.stage === 'enroll' ? 'enroll' : 'full';
      if (stage === 'enroll' && !ENROL_ROUTES.has(path)) throw new SigmaError('SIGMA_E_AUTH_FORBIDDEN', 'Enrol a second factor (TOTP) first.');
      req.operator = { operatorId: op.id, email: op.email, sessionId: session.sessionId, stage };
    });

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

    app.get(
      '/submissions',
      {
        schema: {
          tags: ['operator'],
          summary: 'The submission queue (escalations first)',
          querystring: z.object({ status: SubmissionStatus.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: {
            200: z.object({
              submissions: z.array(
                z.object({
                  submissionId: z.string(),
                  status: z.string(),
                  productType: z.string(),
                  skillName: z.string().nullable(),
                  developerId: z.string(),
                  createdAt: z.string(),
                  updatedAt: z.string(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const rows = await s.db
          .select()
          .from(submissions)
          .where(
            req.query.status
              ? eq(submissions.status, req.query.status)
              : inArray(submissions.status, ['ESCALATED', 'IN_AUDIT', 'SANDBOX', 'SUBMITTED', 'APPROVED', 'REJECTED']),
          )
          .orderBy(desc(submissions.updatedAt))
          .limit(req.query.limit);
        const rank = (st: string) => (st === 'ESCALATED' ? 0 : 1);
        return {
          submissions: rows
            .sort((a, b) => rank(a.status) - rank(b.status))
            .map((r) => ({
              submissionId: r.id,
              status: r.status,
              productType: r.productType,
              skillName: r.skillName,
              developerId: r.developerId,
              createdAt: r.createdAt.toISOString(),
              updatedAt: r.updatedAt.toISOString(),
            })),
        };
      },
    );

    app.get(
      '/submissions/:id',
      {
        schema: {
          tags: ['operator'],
          summary: 'A submission with its evidence and every verdict',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: z.object({ submission: SubmissionView, evidence: EvidenceReport.nullable(), rounds: z.array(RoundView) }), ...errors },
        },
      },
      async (req) => {
        if (!/^[0-9a-f]{24}$/.test(req.params.id)) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
        const submission = await getSubmissionView(s.db, req.params.id, null);
        const ev = (await s.db.select().from(evidenceReports).where(eq(evidenceReports.submissionId, req.params.id)).limit(1))[0];
        return { submission, evidence: ev?.report ?? null, rounds: await roundViews(s.db, req.params.id) };
      },
    );

    app.post(
      '/submissions/:id/decision',
      {
        schema: {
          tags: ['operator'],
          summary: 'Decide an escalated submission with a written reason',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({
            decision: z.enum(['APPROVE', 'REJECT']),
            reason: z.string().trim().min(10, 'a written reason of at least 10 characters is required').max(4000),
          }),
          response: { 200: z.object({ submissionId: z.string(), status: z.string(), roundId: z.string() }), ...errors },
        },
      },
      async (req) => {
        if (!/^[0-9a-f]{24}$/.test(req.params.id)) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
        const r = await operatorDecide(s, req.operator!.operatorId, req.params.id, req.body);
        return { submissionId: req.params.id, ...r };
      },
    );

    app.get(
      '/validators',
      {
        schema: {
          tags: ['operator'],
          summary: 'Validators and their standing',
          response: {
            200: z.object({
              validators: z.array(
                z.object({
                  validatorId: z.string(),
                  ownerAddress: z.string(),
                  sessionAddress: z.string(),
                  modelProvider: z.string(),
                  modelId: z.string(),
                  modelFamily: z.string(),
                  status: z.string(),
                  stake: z.string(),
                  reputation: z.number(),
                  auditAccuracy: z.number(),
                  governanceWeight: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        validators: (await s.db.select().from(validators).orderBy(validators.createdAt)).map((v) => ({
          validatorId: v.id,
          ownerAddress: v.ownerAddress,
          sessionAddress: v.sessionAddress,
          modelProvider: v.modelProvider,
          modelId: v.modelId,
          modelFamily: v.modelFamily,
          status: v.status,
          stake: v.stake,
          reputation: v.reputation,
          auditAccuracy: v.auditAccuracy,
          governanceWeight: v.governanceWeight,
        })),
      }),
    );

    await app.register(operatorStandingRoutes(s));
    await app.register(operatorUsagePlane(s));
    await app.register(operatorPayments(s));

    app.get(
      '/audit-log',
      {
        schema: {
          tags: ['operator'],
          summary: 'The append-only audit log, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.object({
              entries: z.array(
                z.object({
                  id: z.string(),
                  at: z.string(),
                  actorType: z.string(),
                  actorId: z.string(),
                  action: z.string(),
                  targetType: z.string().nullable(),
                  targetId: z.string().nullable(),
                  data: z.unknown(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({
        entries: (await s.db.select().from(auditLog).orderBy(desc(auditLog.at)).limit(req.query.limit)).map((e) => ({
          ...e,
          at: e.at.toISOString(),
          data: e.data ?? null,
        })),
      }),
    );

    await app.register(operatorFlags(s));
    await app.register(operatorFeatureFlags(s));
  };
