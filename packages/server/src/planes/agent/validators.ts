import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EvidenceReport, SamplingSettings } from '@sigma/core';
import { commitVerdict, revealVerdict, selfHostedSeatContext } from '../../domain/assembly/selfhosted.js';
import { caretakerContext } from '../../domain/validators/caretaker.js';
import {
  activateValidator,
  registerValidator,
  REGISTRATION_PROOF_MAX_AGE_SECONDS,
  registrationMessage,
  requireValidatorForAgent,
} from '../../domain/validators/registration.js';
import { listCatalogue } from '../../models/catalogue.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

/**
 * Validator routes of the agent plane (mounted inside `agentPlane`, so its `x-agent-session` hook applies).
 * The signed-in wallet is the owner (or, after registration, may be the validator's session key).
 */
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };
const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');
const Signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte 0x-prefixed hex signature');
const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x-prefixed 32-byte hex');
const SeatId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a seat id');

const SamplingInput = z
  .object({
    temperature: z.number().min(0).max(2).nullable(),
    topP: z.number().gt(0).max(1).nullable(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .nullable(),
    maxTokens: z.number().int().min(64).max(32_768).nullable(),
  })
  .partial()
  .strict();

const RegisterBody = z
  .object({
    sessionAddress: Address,
    issuedAt: z.string().datetime({ offset: false }),
    sessionSignature: Signature,
    mode: z.enum(['managed', 'self-hosted']),
    model: z
      .object({
        provider: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,31}$/)
          .optional(),
        modelId: z.string().min(1).max(200).optional(),
        modelFamily: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)
          .optional(),
        sampling: SamplingInput.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const Reason = z.object({ code: z.string(), message: z.string() });
const Caretaker = z.object({
  validator: z.object({
    validatorId: z.string(),
    ownerAddress: z.string(),
    sessionAddress: z.string(),
    mode: z.enum(['managed', 'self-hosted']),
    status: z.string(),
    model: z.object({ provider: z.string(), modelId: z.string(), modelFamily: z.string(), sampling: SamplingSettings }),
    createdAt: z.string(),
  }),
  standing: z.object({
    stakeWei: z.string(),
    stakeSource: z.string(),
    minStakeWei: z.string(),
    reputation: z.number(),
    reputationFloor: z.number(),
    auditAccuracy: z.number(),
    governanceWeight: z.number(),
  }),
  eligibility: z.object({ eligible: z.boolean(), seatable: z.boolean(), reasons: z.array(Reason) }),
  pendingSeats: z.array(
    z.object({
      seatId: z.string(),
      roundId: z.string(),
      phase: z.number(),
      stage: z.string(),
      committed: z.boolean(),
      commitDeadline: z.string().nullable(),
      revealDeadline: z.string().nullable(),
      reviewUrl: z.string().nullable(),
    }),
  ),
  recentSeats: z.array(
    z.object({
      seatId: z.string(),
      roundId: z.string(),
      phase: z.number(),
      status: z.string(),
      verdict: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  selfHosted: z.object({ commitmentScheme: z.string(), commitWindowSeconds: z.number(), revealWindowSeconds: z.number() }),
  serverTime: z.string(),
});

export const agentValidatorRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const domain = () => new URL(s.config.publicUrl).host;

    app.get(
      '/validators/registration-message',
      {
        schema: {
          tags: ['agent'],
          summary: 'The message the session key signs (EIP-191) to register a validator for the signed-in owner wallet',
          querystring: z.object({ sessionAddress: Address }),
          response: { 200: z.object({ message: z.string(), issuedAt: z.string(), validForSeconds: z.number() }), ...errors },
        },
      },
      async (req) => {
        const issuedAt = s.clock.now().toISOString();
        return {
          message: registrationMessage({ domain: domain(), owner: req.agent!.address, sessionAddress: req.query.sessionAddress, issuedAt }),
          issuedAt,
          validForSeconds: REGISTRATION_PROOF_MAX_AGE_SECONDS,
        };
      },
    );

    app.get(
      '/validators/models',
      {
        schema: {
          tags: ['agent'],
          summary: 'Models a managed validator can be assigned (the catalogue of the providers configured here)',
          response: {
            200: z.object({
              models: z.array(
                z.object({
                  provider: z.string(),
                  modelId: z.string(),
                  modelFamily: z.string(),
                  inMicroUsdPerMTok: z.number(),
                  outMicroUsdPerMTok: z.number(),
                  contextLength: z.number().nullable(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async () => ({
        models: (await listCatalogue(s.db, [...s.providers.keys()])).map((m) => ({
          provider: m.provider,
          modelId: m.modelId,
          modelFamily: m.family,
          inMicroUsdPerMTok: m.priceInPerMTok,
          outMicroUsdPerMTok: m.priceOutPerMTok,
          contextLength: m.contextLength,
        })),
      }),
    );

    app.post(
      '/validators',
      {
        schema: {
          tags: ['agent'],
          summary: 'Register a validator (owner = the signed-in wallet; the session key proves control by signing the registration message)',
          body: RegisterBody,
          response: { 201: Caretaker, ...errors },
        },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const v = await registerValidator(s, req.agent!.address, req.body, domain());
        return reply.code(201).send(await caretakerContext(s, v));
      },
    );

    app.get(
      '/validators/me',
      {
        schema: {
          tags: ['agent'],
          summary: 'Caretaker context: state, standing, eligibility with reasons, pending seats',
          response: { 200: Caretaker, ...errors },
        },
      },
      async (req) => caretakerContext(s, await requireValidatorForAgent(s, req.agent!.address)),
    );

    app.post(
      '/validators/me/activate',
      {
        schema: { tags: ['agent'], summary: 'PENDING → ACTIVE when eligible; otherwise 409 with the reasons', response: { 200: Caretaker, ...errors } },
      },
      async (req) => {
        const v = await requireValidatorForAgent(s, req.agent!.address);
        return caretakerContext(s, await activateValidator(s, v, req.agent!.address));
      },
    );

    app.get(
      '/validators/me/seats/:seatId',
      {
        schema: {
          tags: ['agent'],
          summary: 'Self-hosted: what to review for a seat (evidence, fenced prompt, verdict schema) and its deadlines',
          params: z.object({ seatId: z.string().max(64) }),
          response: {
            200: z.object({
              seatId: z.string(),
              roundId: z.string(),
              phase: z.number(),
              status: z.string(),
              productType: z.string(),
              commitDeadline: z.string().nullable(),
              revealDeadline: z.string().nullable(),
              committed: z.boolean(),
              promptNonce: z.string(),
              evidence: EvidenceReport,
              prompt: z.object({ version: z.string(), system: z.string(), user: z.string(), omittedChars: z.number() }),
              verdictSchema: z.record(z.string(), z.unknown()),
              commitment: z.object({ scheme: z.string(), rule: z.string() }),
            }),
            ...errors,
          },
        },
      },
      async (req) => selfHostedSeatContext(s, await requireValidatorForAgent(s, req.agent!.address), req.params.seatId),
    );

    app.post(
      '/validators/me/commit',
      {
        schema: {
          tags: ['agent'],
          summary: 'Self-hosted: commit keccak256(JCS({scheme, seatId, salt, verdict})) before the commit deadline',
          body: z.object({ seatId: SeatId, commitment: Bytes32 }).strict(),
          response: {
            200: z.object({ seatId: z.string(), commitment: z.string(), committedAt: z.string(), commitDeadline: z.string(), revealDeadline: z.string() }),
            ...errors,
          },
        },
      },
      async (req) => commitVerdict(s, await requireValidatorForAgent(s, req.agent!.address), req.body.seatId, req.body.commitment),
    );

    app.post(
      '/validators/me/reveal',
      {
        schema: {
          tags: ['agent'],
          summary: 'Self-hosted: reveal the committed verdict and salt after the commit deadline, signed by the session key over the commitment',
          body: z.object({ seatId: SeatId, verdict: z.record(z.string(), z.unknown()), salt: Bytes32, signature: Signature }).strict(),
          response: { 200: z.object({ seatId: z.string(), status: z.literal('VOTED'), verdict: z.string(), revealedAt: z.string() }), ...errors },
        },
      },
      async (req) => revealVerdict(s, await requireValidatorForAgent(s, req.agent!.address), req.body.seatId, req.body),
    );
  };
