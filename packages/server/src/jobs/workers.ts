import { runPhaseStep } from '../domain/assembly/phase.js';
import { runVerdictStep } from '../domain/assembly/review.js';
import { runSeatDeadlineStep } from '../domain/assembly/selfhosted.js';
import { runCommitStep } from '../domain/certificates/commit.js';
import { runSealStep } from '../domain/certificates/seal.js';
import { runConsensusStep } from '../domain/consensus/run.js';
import { runEvidenceStep } from '../domain/evidence/run.js';
import { runModelsSync } from '../models/sync.js';
import { runStandingStep } from '../domain/standing/apply.js';
import { syncAllStakes } from '../domain/validators/seed-stake.js';
import type { Services } from '../services.js';
import { RETRY_LIMIT } from './queue.js';

/** Register the lifecycle workers of this process. Each handler is idempotent: a retry is always safe. */
export async function startWorkers(s: Services): Promise<void> {
  const c = s.config.worker.concurrency;
  const wrap =
    <T>(name: string, fn: (data: T, job: { retryCount: number }) => Promise<unknown>) =>
    async (data: T, job: { retryCount: number }) => {
      try {
        await fn(data, job);
      } catch (err) {
        s.log.error({ err, job: name }, 'job failed; it will be retried');
        throw err;
      }
    };
  await s.queue.work(
    'submission.evidence',
    Math.max(1, Math.floor(c / 2)),
    wrap('submission.evidence', (d, job) => runEvidenceStep(s, d.submissionId, { lastAttempt: job.retryCount >= RETRY_LIMIT })),
  );
  await s.queue.work(
    'audit.phase',
    c,
    wrap('audit.phase', (d) => runPhaseStep(s, d.roundId, d.phase)),
  );
  await s.queue.work(
    'audit.verdict',
    c,
    wrap('audit.verdict', (d) => runVerdictStep(s, d.seatId)),
  );
  await s.queue.work(
    'consensus.evaluate',
    c,
    wrap('consensus.evaluate', (d) => runConsensusStep(s, d.roundId)),
  );
  await s.queue.work(
    'certificate.seal',
    c,
    wrap('certificate.seal', (d) => runSealStep(s, d.roundId)),
  );
  await s.queue.work(
    'audit.seat-deadline',
    c,
    wrap('audit.seat-deadline', (d) => runSeatDeadlineStep(s, d.seatId)),
  );
  await s.queue.work(
    'models.sync',
    1,
    wrap('models.sync', () => runModelsSync(s)),
  );
  // The catalogue refresh: on a schedule (cluster-wide) and once when workers start.
  await s.queue.schedule('models.sync', s.config.models.syncCron, { reason: 'schedule' });
  await s.queue.send('models.sync', { reason: 'start' }, { singletonKey: 'models.sync:start' });
  await s.queue.work(
    'standing.apply',
    1,
    wrap('standing.apply', (d) => runStandingStep(s, d.roundId)),
  );
  if (s.chain) {
    // Stake lives on chain: refresh the copies used for eligibility and weight every five minutes.
    await s.queue.work(
      'validators.sync',
      1,
      wrap('validators.sync', () => syncAllStakes(s)),
    );
    await s.queue.schedule('validators.sync', '*/5 * * * *', {});
  }
  // One sender per key: commits run one at a time (the queue is a pg-boss singleton queue across workers).
  if (s.chain)
    await s.queue.work(
      'certificate.commit',
      1,
      wrap('certificate.commit', (d) => runCommitStep(s, d.certificateId)),
    );
}
