import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { startWorkers } from '../src/jobs/workers.js';
import type { Clock } from '../src/lib/clock.js';
import { issuerFromKey } from '../src/lib/issuer.js';
import type { ReviewProvider } from '../src/models/provider.js';
import { closeServices, createServices, seedDemo } from '../src/runtime.js';
import type { Services } from '../src/services.js';
import { copyTemplate, withDatabase } from './global-setup.js';

export const TEST_ISSUER_KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' as const;
export const TEST_DEV_KEY = 'sigma_dk_test_developer_key_0001';
export const TEST_OPERATOR = { email: 'operator@sigma.local', password: 'operator-test-password' };

const quietLog = {
  info: () => undefined,
  warn: () => undefined,
  error: (...a: unknown[]) => console.error(...a),
  debug: () => undefined,
} as unknown as Services['log'];

/** A fresh migrated database for one test file: a PGlite copy, or a PostgreSQL database from the template. */
export async function freshDatabase(): Promise<{ database: Database; dataDir: string; url?: string; drop: () => Promise<void> }> {
  const pgTemplate = inject('pgTemplate');
  if (pgTemplate) {
    const base = process.env.DATABASE_URL!;
    const name = `sigma_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate}`);
    await admin.end();
    const url = withDatabase(base, name);
    const database = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 10 });
    return {
      database,
      dataDir: '',
      url,
      drop: async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        await a.end();
      },
    };
  }
  const dataDir = copyTemplate(inject('pgliteTemplate'));
  const database = await openDatabase({ dataDir });
  return { database, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface TestServer {
  s: Services;
  app: FastifyInstance;
  devKey: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  config?: Partial<Config>;
  workers?: boolean;
  clock?: Clock;
  providers?: ReviewProvider[];
  seed?: boolean;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const fresh = await freshDatabase();
  const dataDir = fresh.dataDir || mkdtempSync(join(tmpdir(), 'sigma-test-data-'));
  const config = loadConfig(
    {
      SIGMA_DATA_DIR: dataDir,
      SIGMA_CHAIN: 'off',
      SIGMA_LOG_LEVEL: 'silent',
      SIGMA_SEED_DEV_API_KEY: TEST_DEV_KEY,
      SIGMA_SEED_OPERATOR_PASSWORD: TEST_OPERATOR.password,
      SIGMA_OPERATOR_TOTP: 'disabled',
      SIGMA_RATE_LIMIT_PER_MINUTE: '100000',
      SIGMA_WORKER_CONCURRENCY: '2',
      // Tests change rows under the API and read them back at once.
      SIGMA_PUBLIC_CACHE_MS: '0',
      SIGMA_VIEW_FLUSH_MS: '200',
      ...opts.env,
    },
    opts.config,
  );
  const s = await createServices(config, {
    log: quietLog,
    database: fresh.database,
    issuer: issuerFromKey(TEST_ISSUER_KEY),
    clock: opts.clock,
    providers: opts.providers,
  });
  if (opts.seed !== false) await seedDemo(s);
  if (opts.workers !== false) await startWorkers(s);
  const app = await buildApp(s);
  await app.ready();
  return {
    s,
    app,
    devKey: TEST_DEV_KEY,
    async close() {
      await app.close();
      await closeServices(s, 5_000);
      await fresh.drop();
      if (!fresh.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * Submits `skill` as the seeded developer and waits until it is APPROVED (and, with `committed`, until
 * the certificate's chain commitment is on the timeline). Returns the submission view.
 */
export async function submitApproved(
  t: TestServer,
  skill: string,
  opts: { committed?: boolean; timeoutMs?: number } = {},
): Promise<{ submissionId: string; certificateId: string; [k: string]: unknown }> {
  const headers = { authorization: `Bearer ${t.devKey}` };
  const id = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers,
      payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(skill) }] } },
    })
  ).json().submissionId as string;
  return waitFor(async () => {
    const x = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers })).json();
    if (x.status !== 'APPROVED') return null;
    return !opts.committed || x.timeline.some((e: { type: string }) => e.type === 'certificate.committed') ? x : null;
  }, opts.timeoutMs);
}

/** POST a submission body and wait until it settles (APPROVED, REJECTED or ESCALATED); the submission view. */
export async function submitAndSettle(
  t: TestServer,
  body: Record<string, unknown>,
  timeoutMs = 90_000,
): Promise<{
  submissionId: string;
  status: string;
  certificateId: string | null;
  reasons: Array<{ code: string; message: string; file: string | null; line: number | null }> | null;
  [k: string]: unknown;
}> {
  const headers = { authorization: `Bearer ${t.devKey}` };
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers, payload: body });
  if (res.statusCode >= 300) throw new Error(`submission refused: ${res.statusCode} ${res.body}`);
  const id = res.json().submissionId as string;
  return waitFor(
    async () => {
      const x = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers })).json();
      return ['APPROVED', 'REJECTED', 'ESCALATED'].includes(x.status) && (x.status !== 'APPROVED' || x.certificateId) ? x : null;
    },
    timeoutMs,
    200,
  );
}
