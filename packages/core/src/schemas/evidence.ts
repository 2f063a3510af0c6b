import { z } from 'zod';
import { Confidence, RiskLevel, Severity } from '../enums.js';
import { CodeReview } from './code-review.js';
import { EndpointReview } from './endpoint-review.js';

/**
 * The evidence report (SPEC §4), produced by `@sigma/evidence` and read by validators and the
 * consensus engine. Versioned: a breaking change bumps `EVIDENCE_SCHEMA_VERSION`.
 */
export const EVIDENCE_SCHEMA_VERSION = 'sigma.evidence.v1' as const;

export const ExternalCall = z.object({
  url: z.string(),
  method: z.string(),
  auth: z.string(),
  reason: z.string(),
});
export type ExternalCall = z.infer<typeof ExternalCall>;

/** What the skill may touch, as declared (or derived when undeclared). */
export const ManifestSafety = z.object({
  network: z.enum(['none', 'outbound']),
  filesystem: z.enum(['none', 'read', 'write']),
});
export type ManifestSafety = z.infer<typeof ManifestSafety>;

export const Manifest = z.object({
  name: z.string().nullable(),
  version: z.string().nullable(),
  description: z.string().nullable(),
  safety: ManifestSafety,
  capabilities: z.array(z.string()),
  externalCalls: z.array(ExternalCall),
  /** Every host found in the text and scripts (sorted, lowercase). */
  hosts: z.array(z.string()),
  /** Every URL found in the text and scripts (sorted). */
  urls: z.array(z.string()),
  /** True when the front matter itself declared safety/capabilities/externalCalls (vs derived). */
  declared: z.object({
    safety: z.boolean(),
    capabilities: z.boolean(),
    externalCalls: z.boolean(),
  }),
});
export type Manifest = z.infer<typeof Manifest>;

export const CapabilityFlags = z.object({
  shell: z.boolean(),
  env: z.boolean(),
  process: z.boolean(),
  filesystem: z.boolean(),
  wallet: z.boolean(),
  network: z.boolean(),
});
export type CapabilityFlags = z.infer<typeof CapabilityFlags>;

export const Mismatch = z.object({
  /** What kind of thing differs: a host, a capability, a safety setting. */
  kind: z.enum(['host', 'capability', 'safety']),
  direction: z.enum(['declared_not_observed', 'observed_not_declared']),
  subject: z.string(),
  detail: z.string(),
});
export type Mismatch = z.infer<typeof Mismatch>;

export const FileKind = z.enum(['markdown', 'text', 'script', 'config', 'archive', 'binary', 'bytecode', 'minified']);
export type FileKind = z.infer<typeof FileKind>;

export const FileEntry = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  kind: FileKind,
  /** False when the file could not be analysed (opaque, over a limit); such a file always has a finding. */
  analyzed: z.boolean(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const Finding = z.object({
  /** Stable within a report: `<ruleId>:<file>:<line>` hashed short, so verdicts can cite it. */
  id: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  confidence: Confidence,
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  /** A short excerpt; secrets are redacted. */
  excerpt: z.string(),
  why: z.string(),
  remediation: z.string(),
  /** OWASP Agentic Skills Top 10 ids and other tags. */
  tags: z.array(z.string()),
  /** A blocking finding rejects the submission before the council. */
  blocking: z.boolean(),
});
export type Finding = z.infer<typeof Finding>;

export const SourceFacts = z.object({
  externalHosts: z.array(z.string()),
  manifestMismatchCount: z.number().int().nonnegative(),
  mismatches: z.array(Mismatch),
  shell: z.boolean(),
  env: z.boolean(),
  process: z.boolean(),
  filesystem: z.boolean(),
  wallet: z.boolean(),
  network: z.boolean(),
  promptInjectionSignalCount: z.number().int().nonnegative(),
  realSecretSignalCount: z.number().int().nonnegative(),
  highRiskSignalCount: z.number().int().nonnegative(),
  blocked: z.boolean(),
  blockedReasons: z.array(z.string()),
  files: z.array(FileEntry),
});
export type SourceFacts = z.infer<typeof SourceFacts>;

export const EvidenceReport = z.object({
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  engineVersion: z.string(),
  /** The only field that may differ between two runs on the same input. */
  sandboxAnalyzedAt: z.string(),
  skillHash: z.string().nullable(),
  manifest: Manifest,
  sourceFacts: SourceFacts,
  findings: z.array(Finding),
  sandboxRiskLevel: RiskLevel,
  /** 0–100: the share of the submitted bytes the engine could read and analyse. */
  analyzabilityScore: z.number().min(0).max(100),
  blocked: z.boolean(),
  blockedReasons: z.array(z.string()),
  /** Front matter problems (YAML errors with line numbers, schema problems). */
  frontMatterErrors: z.array(z.object({ line: z.number().int().nullable(), message: z.string() })),
  /** CODE* submissions: the static code review and the sandboxed run of the entry point (added by the server's evidence step). */
  codeReview: CodeReview.nullable().optional(),
  /** API* submissions: the declared endpoints probed read-only (added by the server's evidence step; docs/probe.md). */
  endpointReview: EndpointReview.nullable().optional(),
});
export type EvidenceReport = z.infer<typeof EvidenceReport>;
