import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './client.js';
import { maintainOnce, planMaintenance, readTableStats, type TableStats } from './maintenance.js';

const stats = (t: Partial<TableStats>): TableStats => ({
  schema: 's',
  table: 't',
  reltuples: 1000,
  deadTuples: 0,
  modifiedSinceAnalyze: 0,
  insertedSinceVacuum: 0,
  ...t,
});

describe('planMaintenance (autovacuum rule, PostgreSQL defaults)', () => {
  it('vacuums past 50 + 20% dead rows, analyzes past 50 + 10% changed rows', () => {
    expect(planMaintenance([stats({ deadTuples: 250 })])).toEqual([]);
    expect(planMaintenance([stats({ deadTuples: 251 })])).toEqual([{ schema: 's', table: 't', vacuum: true, analyze: false }]);
    expect(planMaintenance([stats({ modifiedSinceAnalyze: 151 })])).toEqual([{ schema: 's', table: 't', vacuum: false, analyze: true }]);
    expect(planMaintenance([stats({ insertedSinceVacuum: 1201 })])).toEqual([{ schema: 's', table: 't', vacuum: true, analyze: false }]);
    // Never analyzed (reltuples -1): the bare thresholds apply.
    expect(planMaintenance([stats({ reltuples: -1, modifiedSinceAnalyze: 51 })])[0]?.analyze).toBe(true);
  });
});

describe('maintainOnce on PGlite (a standalone backend: no autovacuum of its own)', () => {
  let pg: PGlite;
  let db: Db;
  const size = async () =>
    Number(((await db.execute(sql`select pg_relation_size('churn')::int as n`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
  beforeAll(async () => {
    pg = new PGlite();
    db = drizzle({ client: pg }) as unknown as Db;
    await db.execute(sql`create table churn (id int primary key, v int not null)`);
    await db.execute(sql`create table quiet (id int primary key)`);
    await db.execute(sql`insert into churn select g, 0 from generate_series(1, 5000) g`);
    await db.execute(sql`insert into quiet values (1)`);
  });
  afterAll(async () => pg?.close());

  it('vacuums and analyzes the table that churns, leaves the quiet one, and keeps the churning table from growing', async () => {
    await maintainOnce(db);
    for (let i = 0; i < 5; i++) await db.execute(sql`update churn set v = v + 1`);
    const before = await readTableStats(db);
    expect(before.find((t) => t.table === 'churn')!.deadTuples).toBeGreaterThan(10_000);
    const steps = await maintainOnce(db);
    expect(steps).toEqual([{ schema: 'public', table: 'churn', vacuum: true, analyze: true }]);
    const after = await readTableStats(db);
    expect(after.find((t) => t.table === 'churn')).toMatchObject({ deadTuples: 0, modifiedSinceAnalyze: 0, reltuples: 5000 });
    // With the space reclaimed, more rounds of updates reuse it instead of growing the file.
    const settled = await size();
    for (let round = 0; round < 3; round++) {
      await db.execute(sql`update churn set v = v + 1`);
      await maintainOnce(db);
    }
    expect(await size()).toBeLessThanOrEqual(settled * 1.5);
  });
});
