import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { JobQueue } from '../src/jobs/queue.js';
import { QUEUES } from '../src/jobs/registry.js';

/**
 * Prepare one migrated database (tables + job schema) that every test file copies: a PGlite
 * directory by default, or a PostgreSQL template database when DATABASE_URL is set. Opening a fresh
 * PGlite takes ~5 s, copying the template ~1 s.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const template = `sigma_test_template_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const templateUrl = withDatabase(url, template);
    const db = await openDatabase({ databaseUrl: templateUrl, dataDir: '' });
    await runMigrations(db);
    const q = await JobQueue.start(db, { heartbeatSeconds: 10 }, QUEUES);
    await q.stop(1000).catch(() => undefined);
    await db.close().catch(() => undefined);
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      // Drop every per-file database created from the template, then the template.
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'sigma_t_${process.pid}_%'`);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sigma-template-'));
  const db = await openDatabase({ dataDir: dir });
  await runMigrations(db);
  const q = await JobQueue.start(db, { heartbeatSeconds: 10 }, QUEUES);
  await q.stop(1000).catch(() => undefined);
  await db.close();
  project.provide('pgliteTemplate', dir);
  project.provide('pgTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function copyTemplate(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-test-'));
  cpSync(template, dir, { recursive: true });
  rmSync(join(dir, 'sigma.lock'), { force: true });
  return dir;
}
