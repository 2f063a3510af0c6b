import { z } from 'zod';
import { runSeatDeadlineStep } from '../domain/assembly/selfhosted.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `audit.seat-deadline`: close a self-hosted seat (TIMED_OUT) with no commit, or no reveal, by its deadline. */
export const seatDeadlineJob = defineJob({
  name: 'audit.seat-deadline',
  // `stage` is absent on jobs queued before it was recorded; `recheck` jobs are not folded.
  payload: z.object({ seatId: z.string(), stage: z.enum(['commit', 'reveal', 'recheck']).optional() }),
  singletonKey: (p) => (p.stage === 'commit' || p.stage === 'reveal' ? `${p.seatId}:${p.stage}` : undefined),
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => s.config.worker.concurrency,
  handler: (s, p) => runSeatDeadlineStep(s, p.seatId),
});
