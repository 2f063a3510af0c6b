import type { onRequestAsyncHookHandler } from 'fastify';
import { SigmaError } from '@sigma/core';
import { authenticateApiKey, developerOfSession, type DeveloperPrincipal } from '../../domain/auth/developers.js';
import { assertCsrfSafe, originOf } from '../../lib/csrf.js';
import { bearer } from '../../lib/http.js';
import type { Services } from '../../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    developer?: DeveloperPrincipal;
  }
}

export const DEV_SESSION_COOKIE = 'sigma_dev_session';

/**
 * The developer credential: an API key (`sigma_dk_`, the CLI) or a portal session (`sigma_ds_`,
 * bearer or cookie, with the CSRF guard). Sets `req.developer`. Nothing from another plane works here.
 */
export function developerAuth(s: Services, cookieName: string): onRequestAsyncHookHandler {
  const origins = [originOf(s.config.publicUrl)];
  return async (req) => {
    const token = bearer(req, cookieName);
    if (!token) throw new SigmaError('SIGMA_E_AUTH_MISSING', 'Send `Authorization: Bearer <developer API key>`.');
    assertCsrfSafe(req, origins);
    if (token.startsWith('sigma_dk_')) {
      req.developer = await authenticateApiKey(s.db, token, s.clock);
      return;
    }
    if (token.startsWith('sigma_ds_')) {
      req.developer = await developerOfSession(s.db, token, s.clock);
      return;
    }
    throw new SigmaError('SIGMA_E_AUTH_INVALID', 'This credential is not valid on the developer plane.');
  };
}
