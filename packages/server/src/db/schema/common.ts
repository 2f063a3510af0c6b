import { sql } from 'drizzle-orm';
import { check, pgSchema, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** Protocol state. */
export const sigma = pgSchema('sigma');
/** LLM usage accounting, kept apart from protocol state (seed: separate storage for the two). */
export const sigmaUsage = pgSchema('sigma_usage');

export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A CHECK constraint holding a text column to one of `values` (a status enum from @sigma/core).
 * A NULL passes (SQL CHECK semantics), so nullable columns need nothing more.
 */
export function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  for (const v of values) if (!/^[A-Za-z0-9_-]+$/.test(v)) throw new Error(`enum value ${v} cannot be inlined`);
  return check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`);
}
