import { z } from 'zod';
import { Severity } from '../enums.js';
import { BehaviourLang, ParseStatus, Reach } from './behaviour.js';
import { ExecutionLimit, ExecutionOutcome, ExecutionReasonCode, ExecutionRecord, ExecutionRuntime } from './execution.js';

/**
 * The code review of a CODE* submission (SPEC §4 "Code analysis" and "Execution", docs/code-review.md):
 * what the static analysis saw (every process/shell call, dynamic evaluation, env read, file access and
 * outbound network call, with file, line and reachability from the entry point), the data flows that
 * matter, the manifest delta for SKILL_CODE, and the execution record of the entry point's sandboxed run.
 *
 * `CodeReview` is stored with the evidence report (`report.codeReview`); `CertificateCodeReview` is the
 * compact form sealed into the certificate (`snapshot.codeReview`).
 */
export const CODE_REVIEW_SCHEMA_VERSION = 'sigma.code-review.v1' as const;

/** What kind of behaviour an inventory entry is. */
export const CodeEventKind = z.enum(['process', 'eval', 'env', 'file-read', 'file-write', 'network', 'credential']);
export type CodeEventKind = z.infer<typeof CodeEventKind>;

const count = z.number().int().nonnegative();

export const CodeEvent = z.object({
  /** The behaviour model's event id (`B<n>`). */
  id: z.string(),
  kind: CodeEventKind,
  detail: z.string(),
  file: z.string(),
  line: z.number().int().positive(),
  reachable: z.boolean(),
  reach: Reach,
  api: z.string(),
  /** Network: the destination host where constants resolve it. */
  host: z.string().nullable(),
  /** Env: the variable name (`*` for the whole environment); file access: the path as far as known. */
  name: z.string().nullable(),
  path: z.string().nullable(),
  command: z.string().nullable(),
});
export type CodeEvent = z.infer<typeof CodeEvent>;

const Place = z.object({ file: z.string(), line: z.number().int().positive(), detail: z.string() });

/** A source → sink flow the behaviour model followed (both ends with file and line). */
export const CodeFlow = z.object({
  source: Place.extend({ category: z.string(), name: z.string().nullable() }),
  sink: Place.extend({ category: z.string(), host: z.string().nullable() }),
  severity: Severity,
  reachable: z.boolean(),
  encoded: z.boolean(),
  explanation: z.string(),
});
export type CodeFlow = z.infer<typeof CodeFlow>;

/** SKILL_CODE: one difference between what SKILL.md declares and what the code does, in either direction. */
export const ManifestDelta = z.object({
  direction: z.enum(['in-code-not-declared', 'declared-not-in-code']),
  kind: z.enum(['host', 'capability']),
  value: z.string(),
  /** Where the code does it (in-code-not-declared), else null. */
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  severity: Severity,
});
export type ManifestDelta = z.infer<typeof ManifestDelta>;

export const CodeReviewSummary = z.object({
  processCalls: count,
  evalCalls: count,
  envReads: count,
  fileAccesses: count,
  networkCalls: count,
  /** Flows of MEDIUM or worse. */
  flows: count,
  manifestDelta: count,
  /** Findings the code review itself added to the evidence report. */
  findings: count,
  highestSeverity: Severity,
  blocking: z.boolean(),
});
export type CodeReviewSummary = z.infer<typeof CodeReviewSummary>;

export const CodeReviewFinding = z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  detail: z.string(),
  blocking: z.boolean(),
});
export type CodeReviewFinding = z.infer<typeof CodeReviewFinding>;

export const CodeReview = z.object({
  schemaVersion: z.literal(CODE_REVIEW_SCHEMA_VERSION),
  entry: z.string(),
  /** SPEC §6 codeHash of the code tree reviewed (the certificate's `codeHash`; docs/hashing.md §5). */
  codeHash: z.string(),
  files: z.array(z.object({ path: z.string(), lang: BehaviourLang, parsed: ParseStatus, reason: z.string().nullable() })),
  /** The inventory (at most 200 entries, reachable ones first; `summary` has the full counts). */
  events: z.array(CodeEvent),
  flows: z.array(CodeFlow),
  hosts: z.array(z.string()),
  /** SKILL_CODE only; empty for CODE. */
  manifestDelta: z.array(ManifestDelta),
  findings: z.array(CodeReviewFinding),
  notes: z.array(z.string()),
  summary: CodeReviewSummary,
  execution: ExecutionRecord,
});
export type CodeReview = z.infer<typeof CodeReview>;

/** The execution part of the certificate: outcome, counts and what was attempted (no output excerpts). */
export const CertificateExecution = z.object({
  outcome: ExecutionOutcome,
  reasonCode: ExecutionReasonCode.nullable(),
  reason: z.string().nullable(),
  runtime: ExecutionRuntime.nullable(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  durationMs: count,
  limitsHit: z.array(ExecutionLimit),
  sandboxVersion: z.string(),
  counts: ExecutionRecord.shape.counts,
  attemptedConnections: z.array(
    z.object({
      protocol: z.string(),
      host: z.string().nullable(),
      address: z.string(),
      port: z.number().int().nullable(),
      blocked: z.literal(true),
      containsMock: z.array(z.string()),
    }),
  ),
  processes: z.array(z.string()),
  writtenFiles: z.array(z.string()),
  description: z.string(),
});
export type CertificateExecution = z.infer<typeof CertificateExecution>;

export const CertificateCodeReview = z.object({
  schemaVersion: z.literal(CODE_REVIEW_SCHEMA_VERSION),
  entry: z.string(),
  languages: z.array(BehaviourLang),
  summary: CodeReviewSummary,
  findings: z.array(CodeReviewFinding),
  manifestDelta: z.array(ManifestDelta),
  execution: CertificateExecution,
});
export type CertificateCodeReview = z.infer<typeof CertificateCodeReview>;

/** The certificate's compact form of a stored code review (at most 20 findings, 20 connections, processes and files). */
export function certificateCodeReview(r: CodeReview): CertificateCodeReview {
  const x = r.execution;
  return {
    schemaVersion: CODE_REVIEW_SCHEMA_VERSION,
    entry: r.entry,
    languages: [...new Set(r.files.map((f) => f.lang))].sort(),
    summary: r.summary,
    findings: r.findings.slice(0, 20),
    manifestDelta: r.manifestDelta.slice(0, 20),
    execution: {
      outcome: x.outcome,
      reasonCode: x.reasonCode,
      reason: x.reason,
      runtime: x.runtime,
      exitCode: x.exitCode,
      timedOut: x.timedOut,
      durationMs: x.durationMs,
      limitsHit: x.limitsHit,
      sandboxVersion: x.sandboxVersion,
      counts: x.counts,
      attemptedConnections: x.attemptedConnections.slice(0, 20).map((c) => ({
        protocol: c.protocol,
        host: c.host,
        address: c.address,
        port: c.port,
        blocked: c.blocked,
        containsMock: c.containsMock,
      })),
      processes: x.processes.slice(0, 20).map((p) => p.path),
      writtenFiles: x.writtenFiles.slice(0, 20).map((f) => f.path),
      description: x.description,
    },
  };
}
