import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { acquireDirLock, type DirLock } from './lock.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The handle domain code receives: the database or an open transaction on it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** A raw SQL executor, the shape pg-boss accepts as a per-call `db`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw executor on the shared connection (used by pg-boss on PGlite). */
  sql: SqlExecutor;
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
  /** Called when an idle PostgreSQL connection fails (it is replaced on the next checkout). */
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10 });
    // An idle connection that the server terminates (restart, failover, a forced drop) must not crash
    // the process: the pool replaces it on the next checkout.
    pool.on('error', (err) => opts.onIdleError?.(err));
    // Fail fast with a clear error if the server is unreachable.
    const probe = await pool.connect();
    probe.release();
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      pool,
      sql: { executeSql: async (text, values) => ({ rows: (await pool.query(text, values as unknown[])).rows }) },
      close: () => pool.end(),
    };
  }
  const lock: DirLock = acquireDirLock(opts.dataDir);
  try {
    const pgDir = join(opts.dataDir, 'pglite');
    mkdirSync(opts.dataDir, { recursive: true });
    // PGlite runs PostgreSQL inside this process's WASM memory, which never shrinks: keep the
    // buffer pools modest (one session, small tables) so the whole server stays well under 700 MB.
    const pglite = await PGlite.create(pgDir, {
      postgresqlconf: ['shared_buffers = 32MB', 'work_mem = 4MB', 'maintenance_work_mem = 16MB', 'temp_buffers = 4MB'],
    });
    const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      pglite,
      sql: pgliteExecutor(pglite),
      close: async () => {
        try {
          await pglite.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

interface QueryClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec?(text: string): Promise<Array<{ rows: unknown[] }>>;
}

function pgliteExecutor(client: QueryClient): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      // Multi-statement DDL (pg-boss migrations) must go through exec(); parameterised SQL through query().
      if ((!values || values.length === 0) && client.exec) return { rows: (await client.exec(text)).flatMap((r) => r.rows) };
      return { rows: (await client.query(text, values)).rows };
    },
  };
}

