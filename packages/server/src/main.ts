import { pino } from 'pino';
import { SigmaError } from '@sigma/core';
import { buildApp } from './app.js';
import { collectGarbageNow } from './lib/gc.js';
import { loadConfig, type Config } from './config.js';
import { startWorkers } from './jobs/workers.js';
import { closeServices, createServices, seedDemo, type SeedResult } from './runtime.js';
import type { Services } from './services.js';

/**
 * Process entry: `sigma-server [all|api|worker]`.
 *  all    (default, `npm start`) API + workers in one process; the only mode on the embedded database.
 *  api    HTTP only (PostgreSQL): scale out behind a load balancer.
 *  worker workers only (PostgreSQL): run as many as you like.
 */
type Role = 'all' | 'api' | 'worker';

export async function main(argv = process.argv.slice(2), env = process.env): Promise<void> {
  const role = (argv[0] ?? 'all') as Role;
  if (!['all', 'api', 'worker'].includes(role)) {
    console.error('usage: sigma-server [all|api|worker]');
    process.exit(2);
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const log = pino({ level: config.logLevel, redact: ['*.authorization', '*.password', '*.apiKey', '*.privateKey'] });
  if (role !== 'all' && !config.databaseUrl) {
    console.error(
      `sigma-server ${role}: separate API and worker processes need PostgreSQL (set DATABASE_URL). ` +
        'On the embedded database one process runs both: use `sigma-server all` (npm start).',
    );
    process.exit(2);
  }

  let services: Services;
  try {
    services = await createServices(config, { log, role });
  } catch (err) {
    if (err instanceof SigmaError) {
      console.error(`${err.code}: ${err.message}`);
      process.exit(3);
    }
    throw err;
  }

  let seed: SeedResult | null = null;
  if (role !== 'worker') seed = await seedDemo(services);
  if (role !== 'api') await startWorkers(services);
  const app = role === 'worker' ? null : await buildApp(services, { logger: config.logLevel !== 'silent' });
  if (app) await app.listen({ port: config.port, host: config.host });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests or jobs; finishing in-flight work');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 45_000).unref();
    await app?.close().catch(() => undefined);
    await closeServices(services, 30_000);
    clearTimeout(force);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (env.SIGMA_DEBUG_MEMORY === '1') {
    setInterval(() => {
      const m = process.memoryUsage();
      log.info(
        {
          rssMb: Math.round(m.rss / 1e6),
          heapUsedMb: Math.round(m.heapUsed / 1e6),
          externalMb: Math.round(m.external / 1e6),
          arrayBuffersMb: Math.round(m.arrayBuffers / 1e6),
        },
        'memory',
      );
    }, 5000).unref();
  }

  const address = app ? `http://${config.host}:${(app.server.address() as { port: number }).port}` : null;
  printBanner(role, config, services, address, seed);
  // Start-up is over (the read cache warms in the background): give back what it allocated and dropped.
  void (app?.sigmaCertificates.warmed ?? Promise.resolve(0)).then(() => collectGarbageNow());
}

function printBanner(role: Role, config: Config, s: Services, address: string | null, seed: SeedResult | null): void {
  const lines = [
    '',
    `SIGMA ${role === 'all' ? '(API + workers)' : role} is running`,
    `  database   ${s.database.kind === 'pglite' ? `embedded PGlite at ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  chain      ${s.chain ? `${s.chain.network} (chain ${s.chain.chainId})` : 'off'}`,
    `  issuer     ${s.issuer.address}`,
  ];
  if (address) {
    lines.push(
      `  API        ${address}/api/v1`,
      `  OpenAPI    ${address}/openapi.json`,
      `  health     ${address}/healthz`,
      `  web        ${address}/   (certificates, dashboard: sign in with an emailed code)`,
      `  console    ${address}/console   (operators)`,
      `  agents     ${address}/skill.md   (the agent guide)`,
    );
    if (config.devOutbox) lines.push(`  dev outbox ${address}/dev/outbox   (DEVELOPMENT ONLY: no SMTP configured, sign-in codes land here)`);
    else if (!config.mail.smtpUrl)
      lines.push(
        '  mail       no SMTP configured (SIGMA_SMTP_URL): portal sign-in codes cannot be delivered (a development server on a non-loopback address may set SIGMA_DEV_OUTBOX=on)',
      );
  }
  if (seed) {
    lines.push(`  developer  ${seed.developerEmail}`);
    if (seed.developerApiKey) lines.push(`  API key    ${seed.developerApiKey}   (shown once; export SIGMA_API_KEY=…)`);
    else lines.push('  API key    (created at first start; set SIGMA_SEED_DEV_API_KEY to choose one)');
    lines.push(`  operator   ${seed.operatorEmail}${seed.operatorPassword ? `   password ${seed.operatorPassword}   (shown once)` : ''}`);
    if (seed.validatorsCreated) lines.push(`  validators ${seed.validatorsCreated} seeded with the built-in offline reviewers`);
  }
  lines.push('');
  // The banner is for a person at a terminal: stdout, not the structured log.
  process.stdout.write(`${lines.join('\n')}\n`);
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
