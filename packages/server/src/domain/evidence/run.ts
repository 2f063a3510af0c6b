import { eq } from 'drizzle-orm';
import { ENGINE_VERSION } from '@sigma/evidence';
import type { EvidenceReport, Reason } from '@sigma/core';
import { evidenceReports, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { openRound } from '../assembly/rounds.js';
import type { IngestResult } from '@sigma/evidence';
import { ingestUpload, withCodeReview, type SandboxRunner } from './code.js';
import { runEngine, type Engine, type EngineSource } from './engine.js';
import { withEndpointReview } from './endpoints.js';
import { refundSubmission } from '../payments/credits.js';
import { moveSubmission, recordEvent } from '../lifecycle/timeline.js';
import { getSubmissionFiles, getSubmissionRow, isApiCategory, isCodeCategory, lockSubmission, skillFileOf } from '../submissions/service.js';

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
  engine?: Engine;
  /** How CODE* entry points are run (default: the real sandbox; SIGMA_SANDBOX=off skips it). */
  sandbox?: SandboxRunner;
}

async function storedReport(s: Services, submissionId: string): Promise<EvidenceReport | null> {
  const row = (await s.db.select().from(evidenceReports).where(eq(evidenceReports.submissionId, submissionId)).limit(1))[0];
  return row && row.engineVersion === ENGINE_VERSION ? row.report : null;
}

export async function runEvidenceStep(s: Services, submissionId: string, opts: EvidenceStepOptions = {}): Promise<void> {
  const sub = await getSubmissionRow(s.db, submissionId);
  if (!sub || (sub.status !== 'SUBMITTED' && sub.status !== 'SANDBOX')) return;
  if (sub.status === 'SUBMITTED') {
    await s.db.transaction(async (tx) => {
      await moveSubmission(tx, submissionId, ['SUBMITTED'], 'SANDBOX', { type: 'sandbox.started', message: 'Evidence analysis started.' });
    });
  }

  let report: EvidenceReport;
  try {
    // A submission made from a dry run (an unquoted POST /submissions) already has its report: the
    // engine ran once, on the same bytes, when the price was made. Any other engine version runs again.
    // An engine passed in explicitly is always run.
    const stored = opts.engine ? null : await storedReport(s, submissionId);
    const source: EngineSource =
      sub.sourceType === 'git' && sub.sourceUrl && sub.sourceRef
        ? { type: 'git', url: sub.sourceUrl, ref: sub.sourceRef }
        : { type: 'upload', files: await getSubmissionFiles(s.db, submissionId) };
    let ingest: Pick<IngestResult, 'files' | 'expandedArchives'> | null = null;
    if (stored) report = stored;
    else {
      const ran = await runEngine(s, source, { devNotes: sub.devNotes, productType: sub.productType }, opts.engine);
      report = ran.report;
      ingest = ran.ingest;
    }
    // CODE*: the code review (static + the sandboxed run), outside any transaction. A report that
    // already has one (a retried step after it was stored) keeps it.
    if (isCodeCategory(sub.productType) && !report.codeReview) {
      ingest ??=
        source.type === 'upload'
          ? ingestUpload(s, source.files)
          : (await runEngine(s, source, { devNotes: sub.devNotes, productType: sub.productType })).ingest;
      report = await withCodeReview(s, report, { productType: sub.productType, entry: sub.entry ?? '', ingest }, opts.sandbox);
    }
    // API*: the declared endpoints probed read-only through the outbound guard (never at quote time).
    if (isApiCategory(sub.productType) && !report.endpointReview) {
      const files = source.type === 'upload' ? source.files : (ingest?.files ?? []);
      const skill = skillFileOf(files);
      report = await withEndpointReview(s, report, skill ? new TextDecoder().decode(skill.bytes) : null, sub.sandboxBaseUrl);
    }
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
      message: `Evidence: risk ${report.sandboxRiskLevel}, ${report.findings.length} finding(s), analysability ${report.analyzabilityScore}%.${
        report.codeReview ? ` Execution ${report.codeReview.execution.outcome}: ${report.codeReview.execution.description}` : ''
      }`.slice(0, 2000),
      data: {
        sandboxRiskLevel: report.sandboxRiskLevel,
        findings: report.findings.length,
        blocked: report.blocked,
        engineVersion: report.engineVersion,
        ...(report.endpointReview ? { endpointStatus: report.endpointReview.endpointStatus, approvalBlocked: report.endpointReview.approvalBlocked } : {}),
        ...(report.codeReview
          ? {
              execution: {
                outcome: report.codeReview.execution.outcome,
                reasonCode: report.codeReview.execution.reasonCode,
                counts: report.codeReview.execution.counts,
              },
            }
          : {}),
      },
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
    // A renewal (same content, re-certified before expiry) is audited in a RENEWAL round by today's panel.
    const renewal = locked.renewsCertificateId !== null;
    await openRound(tx, next, { submissionId, roundType: renewal ? 'RENEWAL' : 'INITIAL_AUDIT', triggerSource: renewal ? 'RENEWAL' : 'SUBMISSION' });
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
