import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { collectGarbageNow } from '../lib/gc.js';
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
  /**
   * Receive NOTIFY payloads on `channel` (delivered after the notifying transaction commits).
   * `onState(false)` says notifications may have been missed (the listening connection dropped; it
   * reconnects with backoff) and `onState(true)` that they flow again. Returns a function that stops.
   */
  listen(channel: string, onPayload: (payload: string) => void, onState: (listening: boolean) => void): Promise<() => Promise<void>>;
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
      listen: (channel, onPayload, onState) => pgListen(opts.databaseUrl!, channel, onPayload, onState),
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
    // Release what start-up (and initdb on a fresh directory) allocated: ~750 MB → ~350 MB resident.
    collectGarbageNow();
    const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      pglite,
      sql: pgliteExecutor(pglite),
      // One in-process session: nothing can be missed while the database is open.
      listen: async (channel, onPayload, onState) => {
        const stop = await pglite.listen(channel, onPayload);
        onState(true);
        return async () => {
          onState(false);
          await stop();
        };
      },
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

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** A dedicated PostgreSQL connection for LISTEN that reconnects (with backoff) when it drops. */
async function pgListen(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let backoffMs = 250;
  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    onState(false);
    c.end().catch(() => undefined);
    if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), backoffMs).unref();
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', (m) => {
      if (m.channel === channel && m.payload) onPayload(m.payload);
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      lost(c);
      throw err;
    }
    if (client !== c || stopped) return;
    backoffMs = 250;
    onState(true);
  };
  // A first failure is not fatal: the caller works without notifications until the retry succeeds.
  await connect().catch(() => undefined);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    onState(false);
    await c?.end().catch(() => undefined);
  };
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
