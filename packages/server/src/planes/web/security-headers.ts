import type { FastifyInstance } from 'fastify';

/**
 * A CSP that fits the Vite build: scripts and styles only from this origin (the build emits no
 * inline script), images also as data: URLs (QR codes), no plugins, no framing, no base-tag tricks.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * What any other response (JSON, files) needs: nothing may load or frame it, and its type is not to
 * be sniffed (OWASP's headers for REST APIs). Shorter than the page set: verify is the hot path.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Security headers on every response: the page set on HTML, a stricter and shorter one on the rest. */
export function installSecurityHeaders(app: FastifyInstance): void {
  const common = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
  const page = {
    ...common,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  const api = { ...common, 'content-security-policy': API_CONTENT_SECURITY_POLICY };
  // A callback hook (no promise per response): this runs on every reply, including the verify hot path.
  app.addHook('onSend', (_req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    reply.headers(typeof type === 'string' && type.startsWith('text/html') ? page : api);
    done(null, payload);
  });
}
