import { z } from 'zod';
import { syncAllStakes } from '../domain/validators/seed-stake.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `validators.sync`: stake lives on chain; refresh the copies used for eligibility and weight every five minutes. */
export const validatorsSyncJob = defineJob({
  name: 'validators.sync',
  payload: z.object({}),
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => (s.chain ? 1 : 0),
  onStart: async (_s, queue) => queue.schedule('validators.sync', '*/5 * * * *', {}),
  handler: (s) => syncAllStakes(s),
});
