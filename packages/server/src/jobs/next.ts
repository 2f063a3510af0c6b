import type { Database } from '../db/client.js';
import type { Next, Transact } from '../domain/lifecycle/next.js';
import { auditPhaseJob } from './audit-phase.js';
import { auditVerdictJob } from './audit-verdict.js';
import { commitJob } from './commit.js';
import { consensusJob } from './consensus.js';
import { enqueueJob } from './define.js';
import { evidenceJob } from './evidence.js';
import { transact, type JobQueue, type RawEnqueue } from './queue.js';
import { monitorJob, siteProofJob, sourceDriftJob } from './live-checks.js';
import { sealJob } from './seal.js';
import { seatDeadlineJob } from './seat-deadline.js';
import { standingJob } from './standing.js';

/** The lifecycle's `Next` port over a transaction-bound enqueue: each step is one typed job. */
export function nextOf(enqueue: RawEnqueue): Next {
  return {
    evidence: (submissionId) => enqueueJob(enqueue, evidenceJob, { submissionId }),
    auditPhase: (roundId, phase) => enqueueJob(enqueue, auditPhaseJob, { roundId, phase }),
    verdict: (seatId) => enqueueJob(enqueue, auditVerdictJob, { seatId }),
    seatDeadline: (seatId, stage, afterSeconds) => enqueueJob(enqueue, seatDeadlineJob, { seatId, stage }, afterSeconds),
    consensus: (roundId, phase) => enqueueJob(enqueue, consensusJob, { roundId, phase }),
    seal: (roundId) => enqueueJob(enqueue, sealJob, { roundId }),
    commit: (certificateId) => enqueueJob(enqueue, commitJob, { certificateId }),
    standing: (roundId) => enqueueJob(enqueue, standingJob, { roundId }),
    monitor: (certificateId, check, afterSeconds) => enqueueJob(enqueue, monitorJob, { certificateId, check }, afterSeconds),
    siteProof: (certificateId) => enqueueJob(enqueue, siteProofJob, { certificateId }),
    sourceDrift: (certificateId) => enqueueJob(enqueue, sourceDriftJob, { certificateId }),
  };
}

/** `Services.transact`: a transaction whose `Next` enqueues in it; workers are woken after commit. */
export function makeTransact(db: Database['db'], queue: JobQueue): Transact {
  return (fn) => transact(db, queue, (tx, enqueue) => fn(tx, nextOf(enqueue)));
}
