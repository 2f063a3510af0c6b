import { z } from 'zod';
import { runCommitStep } from '../domain/certificates/commit.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `certificate.commit`: write the payload hash to the certificate registry. Only where a chain is configured. */
export const commitJob = defineJob({
  name: 'certificate.commit',
  payload: z.object({ certificateId: z.string() }),
  retryLimit: RETRY_LIMIT,
  // Chain transactions are sent from one key: one active job at a time across all workers.
  policy: 'singleton',
  concurrency: (s) => (s.chain ? 1 : 0),
  handler: (s, p) => runCommitStep(s, p.certificateId),
});
