import type { EvidenceReport, ExecutionRecord } from '@sigma/core';
import {
  codeTree,
  finishCodeReview,
  inferRuntime,
  ingestFiles,
  runInSandbox,
  skippedRecord,
  staticCodeReview,
  type CodeFile,
  type IngestResult,
} from '@sigma/evidence';
import type { Services } from '../../services.js';
import { raisedRisk } from './risk.js';

/**
 * The code review step for CODE* submissions (docs/code-review.md): the static review from the shared
 * behaviour model, then the entry point run in the sandbox, then both joined into the evidence report
 * (`report.codeReview`, the findings, `blocked`). Runs outside any database transaction: the sandbox
 * takes up to its time limit.
 */

/** Runs an entry point (the real sandbox, or a test's stand-in). */
export type SandboxRunner = (req: { files: CodeFile[]; entry: string; envNames: string[]; timeoutMs: number }) => Promise<ExecutionRecord>;

export const realSandbox: SandboxRunner = (req) => runInSandbox(req);

export interface CodeReviewInput {
  productType: string;
  entry: string;
  ingest: Pick<IngestResult, 'files' | 'expandedArchives'>;
}

/** The report with its code review added (a new object; the input is not changed). */
export async function withCodeReview(
  s: Services,
  report: EvidenceReport,
  input: CodeReviewInput,
  sandbox: SandboxRunner = realSandbox,
): Promise<EvidenceReport> {
  const files = codeTree(input.ingest);
  const skill = files.find((f) => f.path === 'SKILL.md');
  const isSkillCode = input.productType.startsWith('SKILL');
  const m = report.manifest;
  const st = staticCodeReview(files, {
    entry: input.entry,
    skillText: isSkillCode ? (skill ? new TextDecoder().decode(skill.bytes) : '') : null,
    // Only what the front matter declares: a derived manifest lists what the scripts contact.
    declaredHosts: isSkillCode && m.declared.externalCalls ? m.externalCalls.map((c) => hostOf(c.url)).filter((h): h is string => !!h) : [],
    declaredCapabilities: isSkillCode && m.declared.capabilities ? m.capabilities : null,
  });
  let execution: ExecutionRecord;
  if (s.config.sandbox.mode === 'off') {
    execution = skippedRecord({
      entry: input.entry,
      runtime: inferRuntime(input.entry),
      reasonCode: 'DISABLED',
      reason: 'execution disabled by operator (SIGMA_SANDBOX=off)',
    });
  } else {
    execution = await sandbox({ files, entry: input.entry, envNames: st.envNames, timeoutMs: s.config.sandbox.timeoutMs });
  }
  const { review, findings } = finishCodeReview(st, execution);
  const blocking = findings.filter((f) => f.blocking);
  return {
    ...report,
    findings: [...report.findings, ...findings],
    sandboxRiskLevel: raisedRisk(report.sandboxRiskLevel, findings),
    blocked: report.blocked || blocking.length > 0,
    blockedReasons: [...report.blockedReasons, ...blocking.map((f) => `${f.title} (${f.file ?? input.entry}${f.line ? `:${f.line}` : ''})`)],
    codeReview: review,
  };
}

/** The files of a stored upload, ingested as the engine did (archives expanded), for a report kept from the dry run. */
export function ingestUpload(s: Services, files: Array<{ path: string; bytes: Uint8Array }>) {
  return ingestFiles(files, { maxFiles: s.config.limits.maxFiles, maxTotalBytes: s.config.limits.maxTotalBytes, maxFileBytes: s.config.limits.maxFileBytes });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
