import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProductType, SecurityLevel, SigmaError } from '@sigma/core';
import { decodeCursor, etagOf, skillStorePage } from '../../domain/certificates/skill-store.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const Entry = z.object({
  certificateId: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  version: z.string().nullable(),
  productType: ProductType,
  securityLevel: SecurityLevel,
  verifyUrl: z.string(),
  certificateUrl: z.string(),
  skillHash: z.string().nullable(),
  codeHash: z.string().nullable(),
  payloadHash: z.string(),
  hashScheme: z.string(),
  source: z.object({ sourceType: z.string(), sourceUrl: z.string().nullable(), sourceRef: z.string().nullable(), entry: z.string().nullable() }),
  certificateIssuedAt: z.string(),
  expiresAt: z.string(),
});

/** Seconds a client or shared cache may reuse a page without asking again. */
export const SKILL_STORE_MAX_AGE = 60;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/** `GET /.well-known/skill-store`: the paged feed of valid certificates, with an ETag (304 on If-None-Match). */
export const skillStore =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/.well-known/skill-store',
      {
        schema: {
          tags: ['public'],
          summary: 'A paged feed of the certificates valid now (oldest first), for skill stores and agents',
          description: `Only certificates that verify as valid now: APPROVED, not expired, no escalated flag open, snapshot intact. Page with \`cursor\` (the previous page's \`nextCursor\`). Every page carries a strong \`ETag\` and \`Cache-Control: public, max-age=${SKILL_STORE_MAX_AGE}\`; send it back in \`If-None-Match\` to get 304 Not Modified with no body when the page has not changed.`,
          querystring: z.object({
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          headers: z.object({ 'if-none-match': z.string().max(2000).optional() }).passthrough(),
          response: {
            200: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }),
            304: z.null().describe('Not modified: the page is the one the If-None-Match ETag names'),
            400: ErrorResponse,
            429: ErrorResponse,
          },
        },
      },
      async (req, reply) => {
        const after = req.query.cursor ? decodeCursor(req.query.cursor) : null;
        if (req.query.cursor && !after) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'The cursor is not one this feed gave out.', { field: 'cursor' });
        const page = await skillStorePage(s.db, s.clock, { publicUrl: s.config.publicUrl, limit: req.query.limit, after });
        const body = JSON.stringify(page);
        const etag = etagOf(body);
        reply.header('etag', etag).header('cache-control', `public, max-age=${SKILL_STORE_MAX_AGE}`);
        const inm = req.headers['if-none-match'];
        if (matches(typeof inm === 'string' ? inm : undefined, etag)) return reply.code(304).send(null);
        return reply.type('application/json; charset=utf-8').send(body as never);
      },
    );
  };
