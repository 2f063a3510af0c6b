import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../lib/http.js';
import type { Services } from '../../services.js';
import { skillGuide, type OpenApiDocument } from './skill-guide.js';

/** Paths that are never the web app: unknown ones stay JSON catalogue 404s. */
const RESERVED = /^\/(api|assets|\.well-known)(\/|$)|^\/(openapi\.json|healthz|skill\.md)$/;

export const WEB_ENTRIES = { site: 'index.html', console: 'console.html' } as const;

/** `/console` and everything below it is the operator console; the rest is the public site and dashboard. */
export function entryFor(path: string): (typeof WEB_ENTRIES)[keyof typeof WEB_ENTRIES] {
  return path === '/console' || path.startsWith('/console/') ? WEB_ENTRIES.console : WEB_ENTRIES.site;
}

const wantsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

/**
 * The web app (packages/web/dist) at `/`, the operator console at `/console`, client routes falling
 * back to their entry page, and the agent guide at `/skill.md`. Hashed assets are cached for a year;
 * entry pages are revalidated every time so a new build is picked up at once.
 */
export async function registerWeb(app: FastifyInstance, s: Services): Promise<void> {
  // Built once from the OpenAPI document of this running API (available once the app is ready).
  let guide: string | undefined;
  app.get('/skill.md', { schema: { tags: ['public'], summary: 'The agent guide (a SKILL.md describing how an agent uses SIGMA)' } }, async (_req, reply) => {
    guide ??= skillGuide(s.config.publicUrl, s.issuer.address, app.swagger() as OpenApiDocument);
    return reply.type('text/markdown; charset=utf-8').header('cache-control', 'public, max-age=300').send(guide);
  });

  const dist = s.config.webDistDir;
  const built = existsSync(join(dist, WEB_ENTRIES.site)) && existsSync(join(dist, WEB_ENTRIES.console));
  if (!built) {
    const notBuilt = (_req: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The SIGMA web app is not built (${dist} is missing). \`npm start\` builds it, or run \`npm run build -w packages/web\`.`);
    app.get('/', { schema: { hide: true } }, notBuilt);
    app.get('/console', { schema: { hide: true } }, notBuilt);
    app.get('/*', { schema: { hide: true } }, (req, reply) =>
      wantsHtml(req) && !RESERVED.test(req.url.split('?')[0]!) ? notBuilt(req, reply) : sendError(reply, 'SIGMA_E_ROUTE_NOT_FOUND'),
    );
    return;
  }

  await app.register(fastifyStatic, { root: dist, serve: false });
  const page = (file: string) => (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });

  app.get('/', { schema: { hide: true } }, page(WEB_ENTRIES.site));
  app.get('/console', { schema: { hide: true } }, page(WEB_ENTRIES.console));
  app.get('/assets/*', { schema: { hide: true } }, (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    return reply.sendFile(`assets/${rest}`, { immutable: true, maxAge: '365d' });
  });
  // Other top-level files of the build (favicon and the like), fixed at start.
  for (const name of readdirSync(dist)) {
    if (name.endsWith('.html') || !statSync(join(dist, name)).isFile()) continue;
    app.get(`/${name}`, { schema: { hide: true } }, (_req, reply) => reply.sendFile(name, { maxAge: '1h' }));
  }
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (!wantsHtml(req) || RESERVED.test(path)) return sendError(reply, 'SIGMA_E_ROUTE_NOT_FOUND');
    return page(entryFor(path))(req, reply);
  });
}
