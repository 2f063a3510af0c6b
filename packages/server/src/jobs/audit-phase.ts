import { Phase } from '@sigma/core';
import { z } from 'zod';
import { runPhaseStep } from '../domain/assembly/phase.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `audit.phase`: draw the panel of a phase (seeded, weighted, diverse) and one `audit.verdict` per seat. */
export const auditPhaseJob = defineJob({
  name: 'audit.phase',
  payload: z.object({ roundId: z.string(), phase: Phase }),
  singletonKey: (p) => `${p.roundId}:${p.phase}`,
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => s.config.worker.concurrency,
  handler: (s, p) => runPhaseStep(s, p.roundId, p.phase),
});
