import { auditPhaseJob } from './audit-phase.js';
import { auditVerdictJob } from './audit-verdict.js';
import { certificatesSweepJob } from './certificates-sweep.js';
import { commitJob } from './commit.js';
import { consensusJob } from './consensus.js';
import type { JobDef } from './define.js';
import { evidenceJob } from './evidence.js';
import { monitorJob, siteProofJob, sourceDriftJob } from './live-checks.js';
import { modelsSyncJob } from './models-sync.js';
import type { QueueSpec } from './queue.js';
import { sealJob } from './seal.js';
import { seatDeadlineJob } from './seat-deadline.js';
import { standingJob } from './standing.js';
import { validatorsSyncJob } from './validators-sync.js';

/** Every queue of the lifecycle, one file each (docs/architecture.md "Lifecycle as jobs"). */
export const ALL_JOBS: ReadonlyArray<JobDef<never>> = [
  evidenceJob,
  auditPhaseJob,
  auditVerdictJob,
  seatDeadlineJob,
  consensusJob,
  sealJob,
  commitJob,
  standingJob,
  validatorsSyncJob,
  modelsSyncJob,
  certificatesSweepJob,
  monitorJob,
  siteProofJob,
  sourceDriftJob,
] as unknown as ReadonlyArray<JobDef<never>>;

/** How the queues are created (JobQueue.start). */
export const QUEUES: readonly QueueSpec[] = ALL_JOBS.map((j) => ({ name: j.name, retryLimit: j.retryLimit, ...(j.policy ? { policy: j.policy } : {}) }));
