import { randomBytes } from 'node:crypto';
import { SigmaError } from '@sigma/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { startMaintenance } from './db/maintenance.js';
import { openDatabase, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { createApiKey, findOrCreateDeveloper } from './domain/auth/developers.js';
import { seedOperator } from './domain/auth/operators.js';
import { seedOfflineValidators } from './domain/validators/service.js';
import { seedDemoStake } from './domain/validators/seed-stake.js';
import { seedPayments } from './domain/payments/seed.js';
import { makeTransact } from './jobs/next.js';
import { JobQueue } from './jobs/queue.js';
import { QUEUES } from './jobs/registry.js';
import { systemClock, type Clock } from './lib/clock.js';
import { loadOrCreateIssuer, type Issuer } from './lib/issuer.js';
import { loadBundledCatalogue, PriceBook, upsertBundled } from './models/catalogue.js';
import { createOfflineProvider } from './models/offline/index.js';
import { createOpenAiProvider } from './models/openai.js';
import type { ReviewProvider } from './models/provider.js';
import type { Services } from './services.js';
import { startChain } from './chain/runtime.js';
import { apiKeys } from './db/schema/index.js';
import { eq } from 'drizzle-orm';

export interface RuntimeOptions {
  log: Services['log'];
  clock?: Clock;
  issuer?: Issuer;
  database?: Database;
  providers?: ReviewProvider[];
  /** The process role; a local chain lives in the `all` process only. */
  role?: 'all' | 'api' | 'worker';
}

/** Open the database (migrating it), start the queue, load the issuer key: everything but HTTP and workers. */
export async function createServices(config: Config, opts: RuntimeOptions): Promise<Services> {
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.dbPoolMax,
      onIdleError: (err) => opts.log.warn({ err: err.message }, 'idle database connection failed'),
    }));
  let queue: JobQueue | null = null;
  let chain: Awaited<ReturnType<typeof startChain>> = null;
  try {
    await runMigrations(database);
    const issuer = opts.issuer ?? loadOrCreateIssuer(config.issuerKeyFile);
    if (config.chain.mode === 'local' && opts.role && opts.role !== 'all') {
      throw new SigmaError(
        'SIGMA_E_CONFIG_INVALID',
        `The local chain runs inside the \`all\` process. For \`sigma-server ${opts.role}\` use SIGMA_CHAIN=rpc (pointing at a chain) or SIGMA_CHAIN=off.`,
      );
    }
    chain = await startChain(config, issuer, opts.log);
    queue = await JobQueue.start(
      database,
      { heartbeatSeconds: config.worker.heartbeatSeconds, onError: (err) => opts.log.warn({ err }, 'job queue error') },
      QUEUES,
    );
    const offline = createOfflineProvider(config.worker.offlineReviewDelayMs);
    const providers = new Map<string, ReviewProvider>([[offline.name, offline]]);
    const prices = new PriceBook(database.db);
    // OpenAI-compatible endpoints from configuration (their API keys stay in memory, never logged or stored).
    for (const p of config.models.providers) providers.set(p.name, createOpenAiProvider({ config: p, prices }));
    for (const p of opts.providers ?? []) providers.set(p.name, p);
    // PGlite has no autovacuum: this process vacuums and analyzes its tables (PostgreSQL does its own).
    const maintenance = database.kind === 'pglite' ? startMaintenance(database.db, config.dbMaintenanceMs, opts.log) : undefined;
    return {
      maintenance,
      config,
      database,
      db: database.db,
      queue,
      transact: makeTransact(database.db, queue),
      clock: opts.clock ?? systemClock,
      issuer,
      providers,
      prices,
      chain,
      log: opts.log,
    };
  } catch (err) {
    await queue?.stop(1000).catch(() => undefined);
    await chain?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}

export async function closeServices(s: Services, timeoutMs = 30_000): Promise<void> {
  await s.queue.stop(timeoutMs).catch((err: unknown) => s.log.warn({ err }, 'queue stop failed'));
  await s.chain?.stop().catch(() => undefined);
  await s.maintenance?.stop();
  await s.database.close().catch(() => undefined);
}

export interface SeedResult {
  developerEmail: string;
  /** Present only when a key was created now (its secret is shown once). */
  developerApiKey?: string;
  operatorEmail: string;
  operatorPassword?: string;
  validatorsCreated: number;
}

/** Seed (once) the demo operator, developer and validators. Never prints existing secrets. */
export async function seedDemo(s: Services): Promise<SeedResult> {
  const dev = await findOrCreateDeveloper(s.db, s.config.seed.devEmail);
  let developerApiKey: string | undefined;
  const keys = await s.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.developerId, dev.id)).limit(1);
  const preset = s.config.seed.devApiKey;
  if (preset) {
    // Idempotent: the configured key exists once.
    const { tokenHash } = await import('./lib/secrets.js');
    const has = await s.db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.secretHash, tokenHash(preset)))
      .limit(1);
    if (!has[0]) await createApiKey(s.db, dev.id, 'seeded (SIGMA_SEED_DEV_API_KEY)', preset);
    developerApiKey = preset;
  } else if (!keys[0]) {
    developerApiKey = (await createApiKey(s.db, dev.id, 'seeded at first start')).key;
  }
  const password = s.config.seed.operatorPassword ?? randomBytes(12).toString('base64url');
  const op = await seedOperator(s.db, s.config.seed.operatorEmail, password, s.config.operatorTotp === 'required');
  const seeded = await seedOfflineValidators(s.db, s.config.seed.validators);
  await seedDemoStake(s, seeded);
  const validatorsCreated = seeded.length;
  // Default pricing catalogue (once) and the demo developer's starting credits (once), so the demo submits out of the box.
  await seedPayments(s, dev.id);
  // The bundled model catalogue, so validators can register before the first `models.sync` has run.
  await upsertBundled(s.db, loadBundledCatalogue(s.config.models.catalogueFile ?? undefined), s.clock.now());
  return {
    developerEmail: dev.email,
    developerApiKey,
    operatorEmail: s.config.seed.operatorEmail,
    operatorPassword: op.created ? password : undefined,
    validatorsCreated,
  };
}

export type Logger = FastifyBaseLogger;
