import { SigmaError, type CertificateStatus, type ConsensusOutcome, type RoundStatus, type SubmissionStatus } from '@sigma/core';

/**
 * The one table of allowed status changes (SPEC §3, §5, §6). Every status write in the server goes
 * through `domain/lifecycle/*` and is checked here first; anything else throws
 * SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION. The database holds each status column to its enum (CHECK
 * constraints), so a write that bypasses this module still cannot store an unknown status.
 */
export const SUBMISSION_TRANSITIONS: { readonly [F in SubmissionStatus]: readonly SubmissionStatus[] } = {
  DRAFT: ['QUOTED', 'PAID'],
  QUOTED: ['PAID'],
  PAID: ['SUBMITTED'],
  SUBMITTED: ['SANDBOX', 'REJECTED'], // REJECTED: the evidence step failed for a system fault before it began
  SANDBOX: ['IN_AUDIT', 'REJECTED'],
  IN_AUDIT: ['APPROVED', 'REJECTED', 'ESCALATED'],
  ESCALATED: ['APPROVED', 'REJECTED'],
  APPROVED: [],
  REJECTED: [],
};

/** A round's status: it opens, and closes once (settled, or sealed). */
export const ROUND_TRANSITIONS: { readonly [F in RoundStatus]: readonly RoundStatus[] } = {
  OPEN: ['CLOSED'],
  CLOSED: [],
};

/** A round's outcome: none until settled; ESCALATE is settled again by the escalation assembly or an operator. */
export const ROUND_OUTCOME_TRANSITIONS: { readonly [F in ConsensusOutcome | 'NONE']: readonly ConsensusOutcome[] } = {
  NONE: ['APPROVE', 'REJECT', 'ESCALATE'],
  ESCALATE: ['APPROVE', 'REJECT'],
  APPROVE: [],
  REJECT: [],
};

export const CERTIFICATE_TRANSITIONS: { readonly [F in CertificateStatus]: readonly CertificateStatus[] } = {
  APPROVED: ['SUSPENDED', 'REVOKED', 'EXPIRED', 'SUPERSEDED'],
  SUSPENDED: ['APPROVED', 'REVOKED', 'EXPIRED', 'SUPERSEDED'], // a re-audit restores or revokes
  REVOKED: [],
  EXPIRED: ['SUPERSEDED'], // a renewal certifies a newer one
  SUPERSEDED: [],
};

export type LifecycleEntity = 'submission' | 'round' | 'round outcome' | 'certificate';

const TABLES: Record<LifecycleEntity, Record<string, readonly string[]>> = {
  submission: SUBMISSION_TRANSITIONS,
  round: ROUND_TRANSITIONS,
  'round outcome': ROUND_OUTCOME_TRANSITIONS,
  certificate: CERTIFICATE_TRANSITIONS,
};

export function isAllowed(entity: LifecycleEntity, from: string, to: string): boolean {
  return TABLES[entity][from]?.includes(to) ?? false;
}

/** Throw SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION unless every `from → to` is in the table. */
export function assertTransition(entity: LifecycleEntity, from: string | readonly string[], to: string): void {
  for (const f of typeof from === 'string' ? [from] : from) {
    if (!isAllowed(entity, f, to)) {
      throw new SigmaError('SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION', `A ${entity} cannot go from ${f} to ${to}.`, { details: { entity, from: f, to } });
    }
  }
}

/** Every allowed pair of a table, for tests and docs. */
export function allowedPairs(entity: LifecycleEntity): Array<[string, string]> {
  return Object.entries(TABLES[entity]).flatMap(([from, tos]) => tos.map((to): [string, string] => [from, to]));
}
