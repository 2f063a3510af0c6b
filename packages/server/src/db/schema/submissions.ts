import { bigserial, customType, index, integer, jsonb, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { EvidenceReport, Reason } from '@sigma/core';
// Value imports from the enums entry only: drizzle-kit loads this schema as CommonJS.
import { ProductType, SourceType, SubmissionStatus } from '@sigma/core/enums';
import { oneOf, sigma, ts } from './common.js';
import { developers } from './accounts.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (v instanceof Uint8Array ? v : new Uint8Array(v)),
});

export const submissions = sigma.table(
  'submissions',
  {
    id: text('id').primaryKey(),
    developerId: text('developer_id')
      .notNull()
      .references(() => developers.id),
    productType: text('product_type').$type<ProductType>().notNull(),
    status: text('status').$type<SubmissionStatus>().notNull(),
    sourceType: text('source_type').$type<SourceType>().notNull(),
    sourceUrl: text('source_url'),
    sourceRef: text('source_ref'),
    entry: text('entry'),
    /** API*: the developer's sandbox, where the probe may send the declared data-changing methods (never production). */
    sandboxBaseUrl: text('sandbox_base_url'),
    devNotes: text('dev_notes').notNull().default(''),
    skillName: text('skill_name'),
    skillVersion: text('skill_version'),
    skillHash: text('skill_hash'),
    /** SHA-256 over the sorted file inventory, to bind rounds and certificates to exact bytes. */
    contentHash: text('content_hash').notNull(),
    reasons: jsonb('reasons').$type<Reason[]>().notNull().default([]),
    certificateId: text('certificate_id'),
    /** A renewal (RENEWAL round, same content) of this certificate; on approval it is SUPERSEDED by the new one. */
    renewsCertificateId: text('renews_certificate_id'),
    /** A new version (new content) of this certificate; on approval it is SUPERSEDED by the new one. */
    supersedesCertificateId: text('supersedes_certificate_id'),
    /** Canary submissions are operator-injected with a known label (assembly issue). */
    canaryLabel: text('canary_label'),
    /** Client-chosen `Idempotency-Key`: a retried POST returns the first submission instead of a second. */
    idempotencyKey: text('idempotency_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('submissions_developer_idx').on(t.developerId, t.createdAt),
    index('submissions_status_idx').on(t.status),
    uniqueIndex('submissions_idempotency_uq').on(t.developerId, t.idempotencyKey),
    oneOf('submissions_status_ck', t.status, SubmissionStatus.options),
    oneOf('submissions_product_type_ck', t.productType, ProductType.options),
    oneOf('submissions_source_type_ck', t.sourceType, SourceType.options),
  ],
);

export const submissionFiles = sigma.table(
  'submission_files',
  {
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    path: text('path').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.path] })],
);

export const submissionEvents = sigma.table(
  'submission_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    at: ts('at').notNull().defaultNow(),
    status: text('status').$type<SubmissionStatus>(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('submission_events_submission_idx').on(t.submissionId, t.id), oneOf('submission_events_status_ck', t.status, SubmissionStatus.options)],
);

export const evidenceReports = sigma.table('evidence_reports', {
  submissionId: text('submission_id')
    .primaryKey()
    .references(() => submissions.id),
  engineVersion: text('engine_version').notNull(),
  report: jsonb('report').$type<EvidenceReport>().notNull(),
  findingCount: integer('finding_count').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
