import type { Phase } from '@sigma/core';
import type { Tx } from '../../db/client.js';

/**
 * What the lifecycle asks to happen next. Each call enqueues one durable job in the caller's
 * transaction, so the job exists if and only if the state change that asked for it commits. The
 * job layer (`src/jobs/<queue>.ts`) implements this port and runs the jobs; domain code never
 * imports the job layer, only this interface (handed to it by `Services.transact`).
 */
export interface Next {
  /** `submission.evidence`: run the evidence engine on a SUBMITTED submission. */
  evidence(submissionId: string): Promise<void>;
  /** `audit.phase`: draw the panel of a phase (at most one queued per round and phase). */
  auditPhase(roundId: string, phase: Phase): Promise<void>;
  /** `audit.verdict`: one seat's verdict (managed review, or opening a self-hosted seat). */
  verdict(seatId: string): Promise<void>;
  /**
   * `audit.seat-deadline`: check a self-hosted seat after `afterSeconds`. `commit` and `reveal` are
   * the two deadlines of a seat (one queued each); `recheck` is a deadline that moved.
   */
  seatDeadline(seatId: string, stage: 'commit' | 'reveal' | 'recheck', afterSeconds: number): Promise<void>;
  /** `consensus.evaluate`: once every seat of `phase` is decided (at most one queued per round and phase). */
  consensus(roundId: string, phase: Phase): Promise<void>;
  /** `certificate.seal`: seal the certificate of an approved round (at most one queued per round). */
  seal(roundId: string): Promise<void>;
  /** `certificate.commit`: write the payload hash on chain (only where a chain is configured). */
  commit(certificateId: string): Promise<void>;
  /** `standing.apply`: the validators' standing after a decided round. */
  standing(roundId: string): Promise<void>;
  /** `certificates.monitor`: monitoring check `check` of a certificate's plan, after `afterSeconds` (one queued per check). */
  monitor(certificateId: string, check: number, afterSeconds: number): Promise<void>;
  /** `certificates.site-proof`: check the owner's homepage for a link to the certificate page (one queued per certificate). */
  siteProof(certificateId: string): Promise<void>;
  /** `certificates.source-drift`: compare the git source's default branch with the certified SKILL.md (one queued per certificate). */
  sourceDrift(certificateId: string): Promise<void>;
}

/**
 * Run `fn` in one transaction with a `Next` bound to it; after commit, wake this process's workers
 * for what it enqueued. The one way domain code changes state and asks for the next step together.
 */
export type Transact = <T>(fn: (tx: Tx, next: Next) => Promise<T>) => Promise<T>;
