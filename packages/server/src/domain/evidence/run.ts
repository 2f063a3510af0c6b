import { eq } from 'drizzle-orm';
import { analyze, ingestFiles, ingestPath } from '@sigma/evidence';
import type { EvidenceReport, Reason } from '@sigma/core';
import { evidenceReports, submissions } from '../../db/schema/index.js';
import { transact } from '../../jobs/queue.js';
import type { Services } from '../../services.js';
import { openRound } from '../assembly/rounds.js';
import { getSubmissionFiles, getSubmissionRow, lockSubmission, recordEvent, transition } from '../submissions/service.js';

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
export async function runEvidenceStep(s: Services, submissionId: string): Promise<void> {
  const sub = await getSubmissionRow(s.db, submissionId);
  if (!sub || (sub.status !== 'SUBMITTED' && sub.status !== 'SANDBOX')) return;
  if (sub.status === 'SUBMITTED') {
    await s.db.transaction(async (tx) => {
      await transition(tx, submissionId, ['SUBMITTED'], 'SANDBOX', { type: 'sandbox.started', message: 'Evidence analysis started.' });
    });
  }

  const limits = { maxFiles: s.config.limits.maxFiles, maxTotalBytes: s.config.limits.maxTotalBytes, maxFileBytes: s.config.limits.maxFileBytes };
  const ingest =
    sub.sourceType === 'git' && sub.sourceUrl && sub.sourceRef
      ? await ingestPath(sub.sourceUrl, { limits, ref: sub.sourceRef })
      : ingestFiles(await getSubmissionFiles(s.db, submissionId), limits);
  const report = await analyze(ingest, { limits, devNotes: sub.devNotes, productType: sub.productType, now: () => s.clock.now() });

  await transact(s.db, s.queue, async (tx, enqueue) => {
    const locked = await lockSubmission(tx, submissionId);
    if (!locked || locked.status !== 'SANDBOX') return;
    await tx
      .insert(evidenceReports)
      .values({ submissionId, engineVersion: report.engineVersion, report, findingCount: report.findings.length })
      .onConflictDoUpdate({ target: evidenceReports.submissionId, set: { engineVersion: report.engineVersion, report, findingCount: report.findings.length } });
    await tx
      .update(submissions)
      .set({ skillName: report.manifest.name, skillVersion: report.manifest.version })
      .where(eq(submissions.id, submissionId));
    await recordEvent(tx, submissionId, {
      type: 'sandbox.completed',
      message: `Evidence: risk ${report.sandboxRiskLevel}, ${report.findings.length} finding(s), analysability ${report.analyzabilityScore}%.`,
      data: { sandboxRiskLevel: report.sandboxRiskLevel, findings: report.findings.length, blocked: report.blocked, engineVersion: report.engineVersion },
    });
    if (report.blocked) {
      const reasons = blockingReasons(report);
      await transition(tx, submissionId, ['SANDBOX'], 'REJECTED', { type: 'sandbox.rejected', message: `Rejected before review: ${reasons.map((r) => r.message).slice(0, 3).join('; ')}` }, { reasons });
      return;
    }
    await openRound(tx, enqueue, { submissionId, roundType: 'INITIAL_AUDIT', triggerSource: 'SUBMISSION' });
    await transition(tx, submissionId, ['SANDBOX'], 'IN_AUDIT', { type: 'audit.started', message: 'Audit round 1 opened.' });
  });
}
