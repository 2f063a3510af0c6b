import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CATALOGUE, SigmaError, type ErrorCode } from '@sigma/core';

/** The error body every client sees, for OpenAPI. */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), details: z.unknown().optional() }),
});

export function sendError(reply: FastifyReply, code: ErrorCode, message?: string, field?: string): FastifyReply {
  const body: { error: { code: ErrorCode; message: string; field?: string } } = { error: { code, message: message ?? ERROR_CATALOGUE[code].message } };
  if (field) body.error.field = field;
  return reply.code(ERROR_CATALOGUE[code].status).type('application/json').send(body);
}

/** Map every error to one catalogue code; internals never leak. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | SigmaError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof SigmaError) {
      if (err.status >= 500) request.log.error({ err }, 'request failed');
      return reply.code(err.status).type('application/json').send(err.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const where = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const ctx = (err as { validationContext?: string }).validationContext;
      const field = [ctx === 'body' ? '' : ctx, where].filter(Boolean).join('.') || ctx || undefined;
      return sendError(reply, 'SIGMA_E_REQUEST_INVALID', `${field ? `${field}: ` : ''}${first?.message ?? 'invalid request'}`, field);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err: { message: err.message, issues: err.cause.issues.slice(0, 5) }, url: err.url }, 'response did not match its schema');
      return sendError(reply, 'SIGMA_E_INTERNAL');
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'SIGMA_E_REQUEST_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'SIGMA_E_REQUEST_UNSUPPORTED_MEDIA');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 'SIGMA_E_REQUEST_MALFORMED_JSON');
      case 'FST_ERR_VALIDATION':
        return sendError(reply, 'SIGMA_E_REQUEST_INVALID', fe.message);
    }
    if (fe.statusCode === 429) return sendError(reply, 'SIGMA_E_RATE_LIMITED');
    if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) return sendError(reply, 'SIGMA_E_REQUEST_MALFORMED_JSON');
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, 'SIGMA_E_REQUEST_INVALID', fe.message);
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'SIGMA_E_INTERNAL');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 'SIGMA_E_ROUTE_NOT_FOUND'));
}

/** The bearer token of `Authorization: Bearer …`, or a named cookie. */
export function bearer(request: FastifyRequest, cookieName?: string): string | null {
  const h = request.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1]! : null;
  }
  if (cookieName) {
    const c = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[cookieName];
    if (c) return c;
  }
  return null;
}
