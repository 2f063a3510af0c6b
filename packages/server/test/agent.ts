import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { PrivateKeyAccount } from 'viem/accounts';

/** Agent-plane helpers: wallet sign-in and validator registration with a viem account. */
export async function agentSignIn(app: FastifyInstance, account: PrivateKeyAccount): Promise<string> {
  const c = await app.inject({ method: 'POST', url: '/api/v1/sigma/agent/auth/challenge', payload: { address: account.address } });
  expect(c.statusCode).toBe(200);
  const signature = await account.signMessage({ message: c.json().message as string });
  const v = await app.inject({ method: 'POST', url: '/api/v1/sigma/agent/auth/verify', payload: { address: account.address, signature } });
  expect(v.statusCode).toBe(200);
  return v.json().sessionToken as string;
}

export const agentHeaders = (token: string) => ({ 'x-agent-session': token });

export interface RegisterOptions {
  mode?: 'managed' | 'self-hosted';
  model?: Record<string, unknown>;
  /** Who signs the registration message (default: the session key itself). */
  signer?: PrivateKeyAccount;
  /** Override the signed message's issuedAt (default: the server's). */
  message?: { message: string; issuedAt: string };
}

export async function registerValidator(app: FastifyInstance, token: string, session: PrivateKeyAccount, opts: RegisterOptions = {}) {
  const m: { message: string; issuedAt: string } =
    opts.message ??
    (await app.inject({ url: `/api/v1/sigma/agent/validators/registration-message?sessionAddress=${session.address}`, headers: agentHeaders(token) })).json<{
      message: string;
      issuedAt: string;
    }>();
  const sessionSignature = await (opts.signer ?? session).signMessage({ message: m.message as string });
  return app.inject({
    method: 'POST',
    url: '/api/v1/sigma/agent/validators',
    headers: agentHeaders(token),
    payload: {
      sessionAddress: session.address,
      issuedAt: m.issuedAt,
      sessionSignature,
      mode: opts.mode ?? 'managed',
      ...(opts.model === undefined
        ? opts.mode === 'self-hosted'
          ? {}
          : { model: { provider: 'offline', modelId: 'sigma-injection/strict' } }
        : { model: opts.model }),
    },
  });
}
