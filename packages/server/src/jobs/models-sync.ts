import { z } from 'zod';
import { runModelsSync } from '../models/sync.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `models.sync`: the bundled catalogue and each configured provider's model list → model_catalogue. */
export const modelsSyncJob = defineJob({
  name: 'models.sync',
  payload: z.object({ reason: z.string().optional() }),
  retryLimit: RETRY_LIMIT,
  concurrency: () => 1,
  // On a schedule (one per cluster) and once when workers start.
  onStart: async (s, queue) => {
    await queue.schedule('models.sync', s.config.models.syncCron, { reason: 'schedule' });
    await queue.send('models.sync', { reason: 'start' }, { singletonKey: 'models.sync:start' });
  },
  handler: (s) => runModelsSync(s),
});
