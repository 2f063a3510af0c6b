import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { CacheCoherence, CERTIFICATE_CHANGED_CHANNEL } from './domain/certificates/coherence.js';
import { CertificateReadCache } from './domain/certificates/read-cache.js';
import { ViewCounter } from './domain/certificates/view-counter.js';
import { installErrorHandling } from './lib/http.js';
import { installJsonLimits } from './lib/json-limits.js';
import { agentPlane } from './planes/agent/routes.js';
import { devPlane } from './planes/dev/routes.js';
import { operatorPlane } from './planes/operator/routes.js';
import { publicPlane } from './planes/public/routes.js';
import { x402WellKnown } from './planes/public/x402.js';
import { FlagCountCache } from './domain/flags/service.js';
import { devOutbox, DEV_OUTBOX_PREFIX } from './planes/dev/outbox.js';
import { skillStore } from './planes/public/skill-store.js';
import { publicFlags } from './planes/public/flags.js';
import { installSecurityHeaders } from './planes/web/security-headers.js';
import { registerWeb } from './planes/web/static.js';
import type { Services } from './services.js';

export const API_VERSION = '0.1.0';

export interface AppOptions {
  /** Log requests (off in tests). */
  logger?: boolean;
}

/** Build the HTTP app from services. Tests drive it with `app.inject()`. */
export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: s.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-agent-session"]'] } : false,
    bodyLimit: s.config.limits.bodyLimitBytes,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installJsonLimits(app, { maxDepth: s.config.limits.jsonMaxDepth, maxKeys: s.config.limits.jsonMaxKeys });
  installSecurityHeaders(app);

  await app.register(cookie);
  await app.register(rateLimit, {
    max: s.config.limits.ratePerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: { code: 'SIGMA_E_RATE_LIMITED', message: `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s.` },
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SIGMA API',
        version: API_VERSION,
        description: 'Verification and certificates for AI agent skills. Four planes: public, agent, developer, operator.',
      },
      servers: [{ url: s.config.publicUrl }],
      tags: [
        { name: 'public', description: 'No authentication: certificates, verification, stats' },
        { name: 'agent', description: 'Validator agents: wallet sign-in, header x-agent-session' },
        { name: 'dev', description: 'Developers: Authorization: Bearer <API key>' },
        { name: 'operator', description: 'Operators: console session with TOTP' },
      ],
      components: {
        securitySchemes: {
          developerKey: { type: 'http', scheme: 'bearer', description: 'Developer API key (sigma_dk_…)' },
          operatorSession: { type: 'http', scheme: 'bearer', description: 'Operator session (sigma_os_…)' },
          agentSession: { type: 'apiKey', in: 'header', name: 'x-agent-session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const views = new ViewCounter(s.db, (err) => s.log.warn({ err }, 'could not write view counts'), s.config.viewFlushMs);
  const coherence = new CacheCoherence(s.config.publicCacheMs);
  const certCache = new CertificateReadCache(s.db, views, coherence, s.config.publicCacheMax);
  const flagCounts = new FlagCountCache(s.db, coherence, s.config.publicCacheMax);
  let stopListening: (() => Promise<void>) | null = null;
  let closing = false;
  let warmed: Promise<number> = Promise.resolve(0);
  if (coherence.enabled) {
    stopListening = await s.database.listen(
      CERTIFICATE_CHANGED_CHANNEL,
      (id) => coherence.changed(id),
      (on) => {
        if (on !== coherence.listening && !closing)
          s.log.info(
            { listening: on },
            on
              ? 'certificate change notices flow: public caches keep entries until a change'
              : `certificate change notices lost: public caches expire after ${coherence.ttlMs} ms`,
          );
        coherence.setListening(on);
      },
    );
    const started = Date.now();
    warmed = certCache
      .warm((ids) => flagCounts.warm(ids))
      .then(
        (n) => {
          if (n) s.log.info({ certificates: n, ms: Date.now() - started }, 'public certificate cache warmed');
          return n;
        },
        (err: unknown) => {
          s.log.warn({ err }, 'could not warm the public certificate cache');
          return 0;
        },
      );
  }
  app.decorate('sigmaCertificates', {
    flagCounts,
    changed: (id: string) => coherence.changed(id),
    warmed,
  });
  app.addHook('onClose', async () => {
    await warmed;
    closing = true;
    await stopListening?.();
  });
  app.addHook('onClose', async () => views.flush());

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['public'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok'), database: z.string(), version: z.string() }) },
      },
    },
    async () => {
      await s.db.execute(sql`select 1`);
      return { status: 'ok' as const, database: s.database.kind, version: API_VERSION };
    },
  );
  app.get(
    '/.well-known/sigma-issuer',
    {
      schema: {
        tags: ['public'],
        summary: 'The address that signs certificate payload hashes',
        response: { 200: z.object({ address: z.string(), hashScheme: z.string(), signatureScheme: z.string() }) },
      },
    },
    async () => ({ address: s.issuer.address, hashScheme: 'keccak256-canonical-json-v1', signatureScheme: 'eip191-personal-sign-over-raw-payload-hash' }),
  );

  await app.register(x402WellKnown(s));
  await app.register(skillStore(s));
  await app.register(publicPlane(s, views, certCache), { prefix: '/api/v1/public' });
  await app.register(publicFlags(s), { prefix: '/api/v1/public' });
  if (s.config.devOutbox) await app.register(devOutbox(s), { prefix: DEV_OUTBOX_PREFIX });
  await app.register(agentPlane(s), { prefix: '/api/v1/sigma/agent' });
  await app.register(devPlane(s), { prefix: '/api/v1/dev' });
  await app.register(operatorPlane(s), { prefix: '/api/v1/operator' });
  await registerWeb(app, s);
  return app;
}
