import { and, desc, eq, lt, sql } from 'drizzle-orm';
import {
  codeHash,
  newId24,
  sha256Hex,
  SigmaError,
  skillHash,
  type CreateSubmissionBody,
  type EvidenceReport,
  type SubmissionStatus,
  type SubmissionView,
} from '@sigma/core';
import { preflightUpload } from '@sigma/evidence';
import type { DbOrTx } from '../../db/client.js';
import { evidenceReports, submissionEvents, submissionFiles, submissions } from '../../db/schema/index.js';
import { recordEvent } from '../lifecycle/timeline.js';

export interface SubmissionLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
}

export interface DecodedFile {
  path: string;
  bytes: Uint8Array;
}

const ARCHIVE_RE = /\.(zip|tar\.gz|tgz|tar)$/i;

/** Decode and check an upload against the limits; errors name the field at fault. */
export function decodeUpload(
  files: CreateSubmissionBody['source'] & { type: 'upload' },
  limits: SubmissionLimits,
  category: CreateSubmissionBody['category'] = 'SKILL',
): DecodedFile[] {
  if (files.files.length > limits.maxFiles) {
    throw new SigmaError('SIGMA_E_SUBMISSION_LIMIT_EXCEEDED', `At most ${limits.maxFiles} files may be submitted.`, { field: 'source.files' });
  }
  const seen = new Set<string>();
  let total = 0;
  const out: DecodedFile[] = [];
  files.files.forEach((f, i) => {
    if (seen.has(f.path)) throw new SigmaError('SIGMA_E_SUBMISSION_SOURCE_INVALID', `Duplicate path ${f.path}.`, { field: `source.files.${i}.path` });
    seen.add(f.path);
    const bytes = new Uint8Array(Buffer.from(f.contentBase64, 'base64'));
    if (bytes.length > limits.maxFileBytes) {
      throw new SigmaError('SIGMA_E_SUBMISSION_LIMIT_EXCEEDED', `${f.path} is ${bytes.length} bytes; the per-file limit is ${limits.maxFileBytes}.`, {
        field: `source.files.${i}.contentBase64`,
      });
    }
    total += bytes.length;
    if (total > limits.maxTotalBytes) {
      throw new SigmaError('SIGMA_E_SUBMISSION_LIMIT_EXCEEDED', `The files add up to more than ${limits.maxTotalBytes} bytes.`, { field: 'source.files' });
    }
    out.push({ path: f.path, bytes });
  });
  const hasSkill = out.some((f) => f.path === 'SKILL.md' || f.path.endsWith('/SKILL.md'));
  const hasArchive = out.some((f) => ARCHIVE_RE.test(f.path));
  // CODE needs no SKILL.md; every SKILL* category does (an archive is checked once expanded).
  if (!hasSkill && !hasArchive && needsSkillMd(category)) {
    throw new SigmaError('SIGMA_E_SUBMISSION_SKILL_MD_MISSING', 'The upload has no SKILL.md (or archive containing one).', { field: 'source.files' });
  }
  refuseUnreadable(out);
  return out;
}

/**
 * Fail closed before a quote or payment: an upload whose file names cannot be trusted (case clashes,
 * control, bidi or invisible characters, device names) or whose SKILL.md front matter cannot be read
 * is refused with 400, the code from the rule's metadata, and the file and line at fault. Everything
 * else the evidence finds is judged after payment, before the council.
 */
function refuseUnreadable(files: DecodedFile[]): void {
  const { refusals } = preflightUpload(files.map((f) => ({ path: f.path, bytes: f.bytes })));
  const first = refusals[0];
  if (!first) return;
  const where = [first.file, first.line === null ? null : `line ${first.line}`].filter(Boolean).join(', ');
  // File-name reasons already start with the name; say it once.
  const reason = first.file && first.reason.startsWith(`${first.file}: `) ? first.reason.slice(first.file.length + 2) : first.reason;
  throw new SigmaError(first.code, `${where ? `${where}: ` : ''}${reason}`, {
    field: 'source.files',
    details: { refusals: refusals.slice(0, 20).map((r) => ({ ruleId: r.ruleId, file: r.file, line: r.line, reason: r.reason, kind: r.kind })) },
  });
}

/** Categories accepted today; *_PACKAGES come with their own issue. */
export const SUPPORTED_CATEGORIES = new Set(['SKILL', 'API', 'SKILL_API', 'CODE', 'SKILL_CODE']);

/** The upload's SKILL.md: at the root, else the first one in a folder (an archive's top directory). */
export function skillFileOf<F extends { path: string }>(files: F[]): F | undefined {
  return files.find((f) => f.path === 'SKILL.md') ?? files.find((f) => f.path.endsWith('/SKILL.md'));
}

/** CODE categories need an entry point and get the code review (static analysis + sandboxed run). */
export const isCodeCategory = (category: string): boolean => category.includes('CODE');
/** API declares its endpoints in SKILL.md's front matter, so it needs one too (docs/decisions.md). */
/** API categories get the endpoint review (the declared endpoints probed read-only). */
export const isApiCategory = (category: string): boolean => category.includes('API');
export const needsSkillMd = (category: string): boolean => category.startsWith('SKILL') || category === 'API';

export interface CreateInput {
  developerId: string;
  body: CreateSubmissionBody;
  files: DecodedFile[];
  idempotencyKey?: string;
  /** How the submission was paid for (recorded on the timeline). */
  paidVia: string;
  /** The id to use (payments book the charge under it before the row exists). */
  id?: string;
  /** The price snapshot and payment, recorded on the `payment.settled` event. */
  payment?: Record<string, unknown>;
  /** The dry run's report when the price was made now: the evidence step uses it instead of running the engine again. */
  evidence?: EvidenceReport;
}

/**
 * Create a submission in SUBMITTED state with its files, its first timeline events and (from a dry
 * run) its evidence report. Idempotency is the caller's (`submit.ts`): the unique index on
 * (developer, Idempotency-Key) refuses a second row.
 */
export async function createSubmission(tx: DbOrTx, input: CreateInput): Promise<{ id: string; status: SubmissionStatus; created: boolean }> {
  const id = input.id ?? newId24();
  const skill = skillFileOf(input.files);
  const source = input.body.source;
  await tx.insert(submissions).values({
    id,
    developerId: input.developerId,
    productType: input.body.category,
    status: 'SUBMITTED',
    sourceType: source.type,
    sourceUrl: source.type === 'git' ? source.url : null,
    sourceRef: source.type === 'git' ? source.ref : null,
    entry: input.body.entry ?? null,
    sandboxBaseUrl: input.body.sandboxBaseUrl ?? null,
    devNotes: input.body.devNotes,
    skillHash: skill ? skillHash(skill.bytes) : null,
    contentHash: codeHash(input.files.map((f) => ({ path: f.path, content: f.bytes }))),
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (input.files.length) {
    await tx.insert(submissionFiles).values(input.files.map((f) => ({ submissionId: id, path: f.path, sha256: sha256Hex(f.bytes), bytes: f.bytes })));
  }
  if (input.evidence) {
    const r = input.evidence;
    await tx.insert(evidenceReports).values({ submissionId: id, engineVersion: r.engineVersion, report: r, findingCount: r.findings.length });
  }
  await recordEvent(tx, id, {
    status: 'DRAFT',
    type: 'draft.created',
    message: `Draft created (${input.body.category}, ${source.type} source, ${input.files.length} file(s)).`,
  });
  await recordEvent(tx, id, { status: 'PAID', type: 'payment.settled', message: `Paid via ${input.paidVia}.`, data: input.payment });
  await recordEvent(tx, id, { status: 'SUBMITTED', type: 'submission.submitted', message: 'Submitted for review.' });
  return { id, status: 'SUBMITTED', created: true };
}

/**
 * The submission a developer already created with this `Idempotency-Key`, if any: the one
 * idempotency lookup (a retried POST returns it instead of creating and charging a second).
 */
export async function replayOf(db: DbOrTx, developerId: string, key: string | undefined): Promise<{ id: string; status: SubmissionStatus } | null> {
  if (!key) return null;
  const prior = await db
    .select({ id: submissions.id, status: submissions.status })
    .from(submissions)
    .where(and(eq(submissions.developerId, developerId), eq(submissions.idempotencyKey, key)))
    .limit(1);
  return prior[0] ?? null;
}

export async function getSubmissionRow(db: DbOrTx, id: string) {
  return (await db.select().from(submissions).where(eq(submissions.id, id)).limit(1))[0];
}

/** Lock the submission row for the rest of the transaction. */
export async function lockSubmission(tx: DbOrTx, id: string) {
  return (await tx.select().from(submissions).where(eq(submissions.id, id)).for('update').limit(1))[0];
}

export async function getSubmissionFiles(db: DbOrTx, id: string): Promise<DecodedFile[]> {
  const rows = await db
    .select({ path: submissionFiles.path, bytes: submissionFiles.bytes })
    .from(submissionFiles)
    .where(eq(submissionFiles.submissionId, id))
    .orderBy(submissionFiles.path);
  return rows.map((r) => ({ path: r.path, bytes: r.bytes }));
}

export async function getSubmissionView(db: DbOrTx, id: string, developerId: string | null): Promise<SubmissionView> {
  const row = await getSubmissionRow(db, id);
  if (!row || (developerId !== null && row.developerId !== developerId)) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
  const events = await db.select().from(submissionEvents).where(eq(submissionEvents.submissionId, id)).orderBy(submissionEvents.id);
  // Only the summary: the report itself can be large, and this view is what clients poll.
  const ev = (
    await db
      .select({
        sandboxRiskLevel: sql<string>`${evidenceReports.report}->>'sandboxRiskLevel'`,
        blocked: sql<boolean>`coalesce((${evidenceReports.report}->>'blocked')::boolean, false)`,
        findingCount: evidenceReports.findingCount,
        engineVersion: evidenceReports.engineVersion,
      })
      .from(evidenceReports)
      .where(eq(evidenceReports.submissionId, id))
      .limit(1)
  )[0];
  // Before the sandbox step has run the report (kept from the dry run) is not shown yet.
  const shown = ev && row.status !== 'SUBMITTED' && row.status !== 'SANDBOX' ? ev : undefined;
  return {
    submissionId: row.id,
    status: row.status,
    productType: row.productType,
    skillName: row.skillName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      status: e.status ?? null,
      type: e.type,
      message: e.message,
      data: e.data ?? null,
    })),
    reasons: row.reasons,
    certificateId: row.certificateId,
    devNotes: row.devNotes,
    evidenceSummary: shown
      ? { sandboxRiskLevel: shown.sandboxRiskLevel, findingCount: shown.findingCount, blocked: shown.blocked, engineVersion: shown.engineVersion }
      : null,
  };
}

export async function listSubmissions(db: DbOrTx, developerId: string, opts: { limit: number; before?: string }) {
  const where = opts.before
    ? and(eq(submissions.developerId, developerId), lt(submissions.createdAt, sql`(select created_at from sigma.submissions where id = ${opts.before})`))
    : eq(submissions.developerId, developerId);
  const rows = await db
    .select({
      submissionId: submissions.id,
      status: submissions.status,
      productType: submissions.productType,
      skillName: submissions.skillName,
      createdAt: submissions.createdAt,
      updatedAt: submissions.updatedAt,
      certificateId: submissions.certificateId,
    })
    .from(submissions)
    .where(where)
    .orderBy(desc(submissions.createdAt))
    .limit(opts.limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}
