import { z } from 'zod';
import { runCertificateSweep } from '../domain/certificates/expiry.js';
import { enqueueDueChecks } from '../domain/live/sweep.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `certificates.sweep`: past `expiresAt` → EXPIRED; renewal reminders to owners (mail or the outbox); due live checks enqueued. */
export const certificatesSweepJob = defineJob({
  name: 'certificates.sweep',
  payload: z.object({ reason: z.string().optional() }),
  retryLimit: RETRY_LIMIT,
  policy: 'singleton',
  concurrency: () => 1,
  // On a schedule (one per cluster) and once when workers start.
  onStart: async (s, queue) => {
    await queue.schedule('certificates.sweep', s.config.certSweep.cron, { reason: 'schedule' });
    await queue.send('certificates.sweep', { reason: 'start' }, { singletonKey: 'certificates.sweep:start' });
  },
  handler: async (s) => ({ ...(await runCertificateSweep(s)), liveChecks: await enqueueDueChecks(s) }),
});
