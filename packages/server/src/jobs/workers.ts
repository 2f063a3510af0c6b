import type { Services } from '../services.js';
import { ALL_JOBS } from './registry.js';

/** Register this process's workers, schedules and start-up jobs. Each handler is idempotent: a retry is always safe. */
export async function startWorkers(s: Services): Promise<void> {
  for (const def of ALL_JOBS) {
    const concurrency = def.concurrency(s);
    if (concurrency <= 0) continue;
    await s.queue.work(def.name, concurrency, async (data, job) => {
      try {
        // Payloads are checked when enqueued; a job that fails here was written by something else.
        const payload = def.payload.parse(data);
        await def.handler(s, payload, { retryCount: job.retryCount, lastAttempt: job.retryCount >= def.retryLimit });
      } catch (err) {
        s.log.error({ err, job: def.name }, 'job failed; it will be retried');
        throw err;
      }
    });
    await def.onStart?.(s, s.queue);
  }
}
