import { z } from 'zod';
import { runEvidenceStep } from '../domain/evidence/run.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/**
 * `submission.evidence`: SUBMITTED → SANDBOX → evidence report → REJECTED (blocking) | IN_AUDIT with
 * its first round. An engine that throws is retried; on the last attempt the submission is rejected
 * with SYSTEM_FAULT and refunded, in one transaction.
 */
export const evidenceJob = defineJob({
  name: 'submission.evidence',
  payload: z.object({ submissionId: z.string() }),
  retryLimit: RETRY_LIMIT,
  // The engine is CPU-bound: half the workers, at least one.
  concurrency: (s) => Math.max(1, Math.floor(s.config.worker.concurrency / 2)),
  handler: (s, p, run) => runEvidenceStep(s, p.submissionId, { lastAttempt: run.lastAttempt }),
});
