import type { onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SigmaError } from '@sigma/core';
import { createAgentChallenge, verifyAgentChallenge } from '../../domain/auth/agents.js';
import { resolveSession } from '../../domain/auth/sessions.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { agentValidatorRoutes } from './validators.js';

declare module 'fastify' {
  interface FastifyRequest {
    agent?: { address: string; sessionId: string };
  }
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse };
const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');

/** The agent credential: a wallet-signed session in `x-agent-session`. Nothing from another plane works here. */
function agentSession(s: Services): onRequestAsyncHookHandler {
  return async (req) => {
    const token = req.headers['x-agent-session'];
    if (typeof token !== 'string' || !token) throw new SigmaError('SIGMA_E_AUTH_MISSING', 'Send the agent session token in `x-agent-session`.');
    const session = await resolveSession(s.db, 'agent', token, s.clock);
    req.agent = { address: String(session.data.address ?? session.subjectId), sessionId: session.sessionId };
  };
}

/**
 * The agent plane. Its protection is its structure: wallet sign-in (challenge, verify) is public;
 * everything else is inside the scope whose hook requires an agent session.
 */
export const agentPlane =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(agentSignIn(s));
    await app.register(async (authed) => {
      authed.addHook('onRequest', agentSession(s));
      await authed.register(agentRoutes(s));
    });
  };

const agentSignIn =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/challenge',
      {
        schema: {
          tags: ['agent'],
          summary: 'Get a message to sign with the agent wallet (replaces any older challenge)',
          body: z.object({ address: Address }),
          response: { 200: z.object({ message: z.string(), nonce: z.string(), expiresAt: z.string() }), ...errors },
        },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req) => {
        const c = await createAgentChallenge(s.db, req.body.address, new URL(s.config.publicUrl).host, s.clock);
        return { message: c.message, nonce: c.nonce, expiresAt: c.expiresAt.toISOString() };
      },
    );

    app.post(
      '/auth/verify',
      {
        schema: {
          tags: ['agent'],
          summary: 'Exchange the EIP-191 signature of the challenge for a session token',
          body: z.object({
            address: Address,
            signature: z
              .string()
              .regex(/^0x[0-9a-fA-F]+$/)
              .max(600),
          }),
          response: { 200: z.object({ sessionToken: z.string(), expiresAt: z.string(), address: z.string() }), ...errors },
        },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req) => {
        const r = await verifyAgentChallenge(s.db, req.body.address, req.body.signature, s.clock);
        return { sessionToken: r.sessionToken, expiresAt: r.expiresAt.toISOString(), address: r.address };
      },
    );
  };

const agentRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me',
      {
        schema: { tags: ['agent'], summary: 'The signed-in agent', response: { 200: z.object({ address: z.string() }), ...errors } },
      },
      async (req) => ({ address: req.agent!.address }),
    );

    await app.register(agentValidatorRoutes(s));
  };
