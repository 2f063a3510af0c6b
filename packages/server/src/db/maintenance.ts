import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Vacuum and analyze for the embedded database. PGlite runs PostgreSQL as one standalone backend,
 * which has no autovacuum launcher: without this, updated tables grow without bound (every update
 * leaves a dead row version) and the planner never gets statistics (it guessed 248,400 rows for a
 * 100,000-row table and spilled a hash join to disk). This applies autovacuum's own rule with
 * PostgreSQL's default thresholds, one table at a time. PostgreSQL servers run their own autovacuum.
 */

export interface TableStats {
  schema: string;
  table: string;
  /** `pg_class.reltuples`; -1 when never analyzed. */
  reltuples: number;
  deadTuples: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

export interface MaintenanceStep {
  schema: string;
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

/** PostgreSQL's defaults for `autovacuum_*_threshold` and `autovacuum_*_scale_factor`. */
export const AUTOVACUUM_DEFAULTS = {
  vacuumThreshold: 50,
  vacuumScale: 0.2,
  insertThreshold: 1000,
  insertScale: 0.2,
  analyzeThreshold: 50,
  analyzeScale: 0.1,
} as const;

/** What autovacuum would do to each table now (tables that need nothing are left out). */
export function planMaintenance(stats: TableStats[], d = AUTOVACUUM_DEFAULTS): MaintenanceStep[] {
  const steps: MaintenanceStep[] = [];
  for (const t of stats) {
    const rows = Math.max(0, t.reltuples);
    const vacuum = t.deadTuples > d.vacuumThreshold + d.vacuumScale * rows || t.insertedSinceVacuum > d.insertThreshold + d.insertScale * rows;
    const analyze = t.modifiedSinceAnalyze > d.analyzeThreshold + d.analyzeScale * rows;
    if (vacuum || analyze) steps.push({ schema: t.schema, table: t.table, vacuum, analyze });
  }
  return steps;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function readTableStats(db: Db): Promise<TableStats[]> {
  // Counters reach the shared statistics at most once a second; ask for them now, then read them.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const res = await db.execute(sql`
    select s.schemaname as schema, s.relname as table, c.reltuples::float8 as reltuples,
      s.n_dead_tup::float8 as dead, s.n_mod_since_analyze::float8 as modified, s.n_ins_since_vacuum::float8 as inserted
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    order by s.schemaname, s.relname`);
  const rows = (res as unknown as { rows: Array<{ schema: string; table: string; reltuples: number; dead: number; modified: number; inserted: number }> }).rows;
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    reltuples: Number(r.reltuples),
    deadTuples: Number(r.dead),
    modifiedSinceAnalyze: Number(r.modified),
    insertedSinceVacuum: Number(r.inserted),
  }));
}

/** One pass: vacuum / analyze what needs it, yielding to other work between tables. */
export async function maintainOnce(db: Db, onStep: (step: MaintenanceStep, ms: number) => void = () => undefined): Promise<MaintenanceStep[]> {
  const steps = planMaintenance(await readTableStats(db));
  for (const step of steps) {
    const target = `${ident(step.schema)}.${ident(step.table)}`;
    const started = performance.now();
    await db.execute(sql.raw(step.vacuum ? `vacuum (analyze ${step.analyze}) ${target}` : `analyze ${target}`));
    onStep(step, performance.now() - started);
    await new Promise((r) => setImmediate(r));
  }
  return steps;
}

/** Run `maintainOnce` every `intervalMs` until stopped; `stop()` waits for a pass in progress. */
export function startMaintenance(
  db: Db,
  intervalMs: number,
  log: { debug: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void },
): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await maintainOnce(db, (step, ms) => log.debug({ ...step, ms: Math.round(ms) }, 'embedded database maintenance'));
      } catch (err) {
        log.warn({ err }, 'embedded database maintenance failed');
      }
    });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
