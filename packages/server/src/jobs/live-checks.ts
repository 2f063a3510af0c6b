import { z } from 'zod';
import { runMonitorCheck } from '../domain/live/monitor.js';
import { runSiteProof } from '../domain/live/site-proof.js';
import { runSourceDrift } from '../domain/live/source-drift.js';
import { defineJob, RETRY_LIMIT } from './define.js';

const certificate = z.object({ certificateId: z.string() });

/** `certificates.monitor`: one check of an API* certificate's monitoring plan; chains the next. */
export const monitorJob = defineJob({
  name: 'certificates.monitor',
  payload: certificate.extend({ check: z.number().int().positive() }),
  singletonKey: (p) => `${p.certificateId}:${p.check}`,
  retryLimit: RETRY_LIMIT,
  // Probes wait on remote hosts, not on this machine.
  concurrency: () => 2,
  handler: (s, p) => runMonitorCheck(s, p.certificateId, p.check),
});

/** `certificates.site-proof`: the owner's homepage links to the certificate page, or not. */
export const siteProofJob = defineJob({
  name: 'certificates.site-proof',
  payload: certificate,
  singletonKey: (p) => p.certificateId,
  retryLimit: RETRY_LIMIT,
  concurrency: () => 1,
  handler: (s, p) => runSiteProof(s, p.certificateId),
});

/** `certificates.source-drift`: the git source's default branch against the certified SKILL.md. */
export const sourceDriftJob = defineJob({
  name: 'certificates.source-drift',
  payload: certificate,
  singletonKey: (p) => p.certificateId,
  retryLimit: RETRY_LIMIT,
  concurrency: () => 1,
  handler: (s, p) => runSourceDrift(s, p.certificateId),
});
