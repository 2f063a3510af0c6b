import { Phase } from '@sigma/core';
import { z } from 'zod';
import { runConsensusStep } from '../domain/consensus/run.js';
import { defineJob, RETRY_LIMIT } from './define.js';

/** `consensus.evaluate`: APPROVE → `certificate.seal` | REJECT → REJECTED | ESCALATE → escalation assembly or an operator. */
export const consensusJob = defineJob({
  name: 'consensus.evaluate',
  // `phase` names the phase that completed (folds duplicates); absent on jobs queued before it was recorded.
  payload: z.object({ roundId: z.string(), phase: Phase.optional() }),
  singletonKey: (p) => (p.phase ? `${p.roundId}:consensus:${p.phase}` : undefined),
  retryLimit: RETRY_LIMIT,
  concurrency: (s) => s.config.worker.concurrency,
  handler: (s, p) => runConsensusStep(s, p.roundId),
});
