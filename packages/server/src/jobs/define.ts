import type { z } from 'zod';
import type { Services } from '../services.js';
import type { JobQueue, RawEnqueue } from './queue.js';

/** Retries after the first attempt, unless a queue says otherwise: a job with `retryCount >= retryLimit` is on its last attempt. */
export const RETRY_LIMIT = 8;

export interface JobRun {
  retryCount: number;
  /** pg-boss's last attempt: the handler should settle the work now instead of throwing again. */
  lastAttempt: boolean;
}

/**
 * One queue: its name, payload schema (checked when enqueued and again when run), how duplicates
 * are folded (`singletonKey`), its retry policy, how many workers run it, and its handler, which
 * calls domain functions. Every handler is idempotent: it re-reads state, so a retry is safe.
 */
export interface JobDef<P extends object> {
  name: string;
  payload: z.ZodType<P>;
  /** At most one queued job per key (pg-boss singleton); undefined: no folding. */
  singletonKey?: (p: P) => string | undefined;
  retryLimit: number;
  /** `singleton`: one active job at a time across all workers of the cluster. */
  policy?: 'singleton';
  /** Workers of this process (0: not run here). */
  concurrency: (s: Services) => number;
  /** Schedules and start-up jobs, registered once the workers run. */
  onStart?: (s: Services, queue: JobQueue) => Promise<void>;
  handler: (s: Services, payload: P, run: JobRun) => Promise<unknown>;
}

export function defineJob<P extends object>(def: JobDef<P>): JobDef<P> {
  return def;
}

/** Enqueue a job of `def` through a transaction-bound enqueue: the payload is checked, the singleton key derived. */
export async function enqueueJob<P extends object>(enqueue: RawEnqueue, def: JobDef<P>, payload: P, startAfterSeconds?: number): Promise<void> {
  const data = def.payload.parse(payload);
  const singletonKey = def.singletonKey?.(data);
  await enqueue(def.name, data, { ...(singletonKey ? { singletonKey } : {}), ...(startAfterSeconds ? { startAfterSeconds } : {}) });
}
