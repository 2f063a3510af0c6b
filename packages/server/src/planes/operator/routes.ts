import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EvidenceReport, RoundView, SigmaError, SubmissionStatus, SubmissionView } from '@sigma/core';
import { roundViews } from '../../domain/assembly/rounds.js';
import { listAuditLog } from '../../domain/audit/log.js';
import { operatorDecide } from '../../domain/consensus/operator.js';
import { getEvidenceReport, operatorQueue } from '../../domain/submissions/queue.js';
import { getSubmissionView } from '../../domain/submissions/service.js';
import { listValidators } from '../../domain/validators/service.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { operatorStandingRoutes } from './standing.js';
import { operatorUsagePlane } from './usage.js';
import { operatorPayments } from './payments.js';
import { operatorFeatureFlags } from './feature-flags.js';
import { operatorFlags } from './flags.js';
import { operatorAccount, operatorSession, operatorSignIn, requireSecondFactor } from './auth.js';
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

/**
 * The operator plane. Its protection is its structure: sign-in is public; everything else is inside
 * the operator session scope; the console proper is inside a further scope that needs the second factor.
 */
export const operatorPlane =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(operatorSignIn(s));
    await app.register(async (session) => {
      session.addHook('onRequest', operatorSession(s));
      await session.register(operatorAccount(s));
      await session.register(async (full) => {
        full.addHook('onRequest', requireSecondFactor);
        await full.register(operatorConsole(s));
      });
    });
  };

/** The console: the submission queue and decisions, validators, standing, usage, payments, flags, the audit log. */
const operatorConsole =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
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
      async (req) => ({ submissions: await operatorQueue(s.db, req.query) }),
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
        return { submission, evidence: await getEvidenceReport(s.db, req.params.id), rounds: await roundViews(s.db, req.params.id) };
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
      async () => ({ validators: await listValidators(s.db) }),
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
      async (req) => ({ entries: await listAuditLog(s.db, req.query.limit) }),
    );

    await app.register(operatorFlags(s));
    await app.register(operatorFeatureFlags(s));
  };
