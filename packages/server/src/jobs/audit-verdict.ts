import { z } from 'zod';
import { runVerdictStep } from '../domain/assembly/review.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/**
 * `audit.verdict`: one seat. Managed: the reviewer runs (timeout, one retry on malformed output,
 * else abstain) and the seat closes; self-hosted: the commit and reveal windows open.
 */
export const auditVerdictJob = defineJob({
  name: 'audit.verdict',
  payload: z.object({ seatId: z.string() }),
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => s.config.worker.concurrency,
  handler: (s, p) => runVerdictStep(s, p.seatId),
});
