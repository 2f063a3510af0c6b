import { z } from 'zod';
import { runSealStep } from '../domain/certificates/seal.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `certificate.seal`: the snapshot, its payload hash and signature; one certificate per round (a unique index). */
export const sealJob = defineJob({
  name: 'certificate.seal',
  payload: z.object({ roundId: z.string() }),
  singletonKey: (p) => `${p.roundId}:seal`,
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => s.config.worker.concurrency,
  handler: (s, p) => runSealStep(s, p.roundId),
});
