import { z } from 'zod';
import { runStandingStep } from '../domain/standing/apply.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `standing.apply`: reputation, accuracy and weight of each validator of a decided round (once per round). */
export const standingJob = defineJob({
  name: 'standing.apply',
  payload: z.object({ roundId: z.string() }),
  retryLimit: RETRY_LIMIT,
  concurrency: () => 1,
  handler: (s, p) => runStandingStep(s, p.roundId),
});
