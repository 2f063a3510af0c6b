import { pgSchema, timestamp } from 'drizzle-orm/pg-core';

/** Protocol state. */
export const sigma = pgSchema('sigma');
/** LLM usage accounting, kept apart from protocol state (seed: separate storage for the two). */
export const sigmaUsage = pgSchema('sigma_usage');

export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
