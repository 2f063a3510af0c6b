import type { FastifyRequest } from 'fastify';
import { SigmaError } from '@sigma/core';

export const CSRF_HEADER = 'x-sigma-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for cookie sessions. A request whose credential came from a
 * cookie (no `Authorization` header) and that changes state must send `x-sigma-csrf: 1` — a custom
 * header no other site can add without a CORS preflight, which this server never grants — and, when
 * the browser sends `Origin`, that origin must be this server's own. Bearer-token clients (CLI,
 * agents) are not affected: a browser never attaches their tokens by itself.
 */
export function assertCsrfSafe(req: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers.authorization) return;
  if (req.headers[CSRF_HEADER] !== '1') throw new SigmaError('SIGMA_E_AUTH_CSRF');
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOriginAsServer(origin, req, allowedOrigins)) {
    throw new SigmaError('SIGMA_E_AUTH_CSRF', `Requests from ${origin.slice(0, 100)} may not use this session.`);
  }
}

function sameOriginAsServer(origin: string, req: FastifyRequest, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/** The origin of a configured public URL (`https://sigma.example.com/…` → `https://sigma.example.com`). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
