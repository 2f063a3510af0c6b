import { eq } from 'drizzle-orm';
import { analyze, ingestFiles, ingestPath } from '@sigma/evidence';
import type { EvidenceReport, Reason } from '@sigma/core';
import { evidenceReports, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { openRound } from '../assembly/rounds.js';
import { refundSubmission } from '../payments/credits.js';
import { moveSubmission, recordEvent } from '../lifecycle/timeline.js';
import { getSubmissionFiles, getSubmissionRow, lockSubmission } from '../submissions/service.js';

/** Reasons shown to the developer for a rejection before the council. */
export function blockingReasons(report: EvidenceReport): Reason[] {
  const blocking = report.findings.filter((f) => f.blocking);
  const reasons: Reason[] = blocking.map((f) => ({ code: f.ruleId, message: `${f.title}: ${f.why}`, remediation: f.remediation, file: f.file, line: f.line }));
  if (reasons.length === 0) {
    for (const r of report.blockedReasons) reasons.push({ code: 'EVIDENCE_BLOCKED', message: r, remediation: null, file: null, line: null });
  }
  return reasons;
}

/**
 * Step `submission.evidence`: run the deterministic evidence engine, store the report, then either
 * reject before the council (blocking evidence) or open the initial audit round. Idempotent.
 */
export interface EvidenceStepOptions {
  /** pg-boss's last attempt (retryCount reached the queue's retryLimit): a system fault now rejects and refunds. */
  lastAttempt?: boolean;
  /** The engine (tests inject a failing one). */
  engine?: { ingestFiles: typeof ingestFiles; ingestPath: typeof ingestPath; analyze: typeof analyze };
}

export async function runEvidenceStep(s: Services, submissionId: string, opts: EvidenceStepOptions = {}): Promise<void> {
  const sub = await getSubmissionRow(s.db, submissionId);
  if (!sub || (sub.status !== 'SUBMITTED' && sub.status !== 'SANDBOX')) return;
  if (sub.status === 'SUBMITTED') {
    await s.db.transaction(async (tx) => {
      await moveSubmission(tx, submissionId, ['SUBMITTED'], 'SANDBOX', { type: 'sandbox.started', message: 'Evidence analysis started.' });
    });
  }

  const limits = { maxFiles: s.config.limits.maxFiles, maxTotalBytes: s.config.limits.maxTotalBytes, maxFileBytes: s.config.limits.maxFileBytes };
  const engine = opts.engine ?? { ingestFiles, ingestPath, analyze };
  let report: EvidenceReport;
  try {
    const ingest =
      sub.sourceType === 'git' && sub.sourceUrl && sub.sourceRef
        ? await engine.ingestPath(sub.sourceUrl, { limits, ref: sub.sourceRef })
        : engine.ingestFiles(await getSubmissionFiles(s.db, submissionId), limits);
    report = await engine.analyze(ingest, { limits, devNotes: sub.devNotes, productType: sub.productType, now: () => s.clock.now() });
  } catch (err) {
    // The engine reports content problems as findings; a throw is a system fault. Retry it; on the
    // last attempt reject before the council with SYSTEM_FAULT and refund the payment in credits.
    if (!opts.lastAttempt) throw err;
    await rejectForSystemFault(s, submissionId, err);
    return;
  }

  await s.transact(async (tx, next) => {
    const locked = await lockSubmission(tx, submissionId);
    if (!locked || locked.status !== 'SANDBOX') return;
    await tx
      .insert(evidenceReports)
      .values({ submissionId, engineVersion: report.engineVersion, report, findingCount: report.findings.length })
      .onConflictDoUpdate({ target: evidenceReports.submissionId, set: { engineVersion: report.engineVersion, report, findingCount: report.findings.length } });
    await tx.update(submissions).set({ skillName: report.manifest.name, skillVersion: report.manifest.version }).where(eq(submissions.id, submissionId));
    await recordEvent(tx, submissionId, {
      type: 'sandbox.completed',
      message: `Evidence: risk ${report.sandboxRiskLevel}, ${report.findings.length} finding(s), analysability ${report.analyzabilityScore}%.`,
      data: { sandboxRiskLevel: report.sandboxRiskLevel, findings: report.findings.length, blocked: report.blocked, engineVersion: report.engineVersion },
    });
    if (report.blocked) {
      const reasons = blockingReasons(report);
      await moveSubmission(
        tx,
        submissionId,
        ['SANDBOX'],
        'REJECTED',
        {
          type: 'sandbox.rejected',
          message: `Rejected before review: ${reasons
            .map((r) => r.message)
            .slice(0, 3)
            .join('; ')}`,
        },
        { reasons },
      );
      return;
    }
    await openRound(tx, next, { submissionId, roundType: 'INITIAL_AUDIT', triggerSource: 'SUBMISSION' });
    await moveSubmission(tx, submissionId, ['SANDBOX'], 'IN_AUDIT', { type: 'audit.started', message: 'Audit round 1 opened.' });
  });
}

/** Reject a submission whose evidence step kept failing for a system reason, and refund it (once). */
export async function rejectForSystemFault(s: Services, submissionId: string, err: unknown): Promise<void> {
  s.log.error({ err, submissionId }, 'evidence step failed on its last attempt: rejecting with SYSTEM_FAULT and refunding');
  const reasons: Reason[] = [
    {
      code: 'SYSTEM_FAULT',
      message:
        'The evidence analysis failed repeatedly because of a fault on our side, not because of your content. Your payment has been refunded in credits.',
      remediation: 'Submit again; if it keeps failing, contact the operators.',
      file: null,
      line: null,
    },
  ];
  await s.db.transaction(async (tx) => {
    const locked = await lockSubmission(tx, submissionId);
    if (!locked || (locked.status !== 'SANDBOX' && locked.status !== 'SUBMITTED')) return;
    await moveSubmission(
      tx,
      submissionId,
      ['SANDBOX', 'SUBMITTED'],
      'REJECTED',
      { type: 'sandbox.system_fault', message: 'Rejected before review: system fault in the evidence step.' },
      { reasons },
    );
    const refund = await refundSubmission(tx, submissionId, 'SYSTEM_FAULT before the council');
    if (refund.refunded) {
      await recordEvent(tx, submissionId, {
        type: 'payment.refunded',
        message: `Refunded ${refund.credits} credits (system fault).`,
        data: { credits: refund.credits },
      });
    }
  });
}
