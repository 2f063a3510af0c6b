import { bigint, boolean, index, integer, jsonb, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CertificateStatus, ProductType, SecurityLevel } from '@sigma/core/enums';
import { oneOf, sigma, ts } from './common.js';
import { rounds } from './assembly.js';
import { submissions } from './submissions.js';

export const CERTIFICATE_CHECK_KINDS = ['MONITOR', 'SITE_PROOF', 'SOURCE_DRIFT'] as const;
export type CertificateCheckKind = (typeof CERTIFICATE_CHECK_KINDS)[number];

export const certificates = sigma.table(
  'certificates',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    /** One certificate per round, enforced by the database. */
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    /** The sealed snapshot exactly as hashed: its RFC 8785 canonical JSON text. */
    snapshotJson: text('snapshot_json').notNull(),
    payloadHash: text('payload_hash').notNull(),
    hashScheme: text('hash_scheme').notNull(),
    signature: text('signature').notNull(),
    issuer: text('issuer').notNull(),
    status: text('status').$type<CertificateStatus>().notNull(),
    skillName: text('skill_name'),
    skillVersion: text('skill_version'),
    productType: text('product_type').$type<ProductType>().notNull(),
    securityLevel: text('security_level').$type<SecurityLevel>().notNull(),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    chainId: integer('chain_id'),
    registryAddress: text('registry_address'),
    txHash: text('tx_hash'),
    blockNumber: bigint('block_number', { mode: 'number' }),
    committedAt: ts('committed_at'),
    /** SUPERSEDED: the certificate that replaced this one (a renewal or a new version). */
    supersededBy: text('superseded_by'),
    /** When the owner was reminded that this certificate expires (one reminder per certificate). */
    renewalRemindedAt: ts('renewal_reminded_at'),
    /** Git sources: whether the default branch's SKILL.md no longer hashes to the certified one (null: not checked or unreadable). */
    sourceStale: boolean('source_stale'),
  },
  (t) => [
    uniqueIndex('certificates_round_uq').on(t.roundId),
    index('certificates_submission_idx').on(t.submissionId),
    index('certificates_issued_idx').on(t.issuedAt),
    index('certificates_name_idx').on(t.skillName),
    index('certificates_status_expires_idx').on(t.status, t.expiresAt),
    oneOf('certificates_status_ck', t.status, CertificateStatus.options),
    oneOf('certificates_product_type_ck', t.productType, ProductType.options),
    oneOf('certificates_security_level_ck', t.securityLevel, SecurityLevel.options),
  ],
);

/**
 * Public view counts, apart from the certificate rows: the batched counter rewrites many of these a
 * second, and a narrow row is cheap to rewrite where a certificate row (with its snapshot) is not.
 */
export const certificateViews = sigma.table('certificate_views', {
  certificateId: text('certificate_id')
    .primaryKey()
    .references(() => certificates.id),
  views: bigint('views', { mode: 'number' }).notNull().default(0),
});

/**
 * Live checks of a certificate (SPEC §6), outside the sealed snapshot: one row per certificate and
 * kind. `MONITOR` (API*: re-probes of the certified endpoints, `checksRemaining` of the plan),
 * `SITE_PROOF` (the owner's homepage links to the certificate page; `target` is that URL) and
 * `SOURCE_DRIFT` (git sources: the default branch's SKILL.md vs the certified hash). `result` is the
 * latest check (MonitoringCheck, DomainProof, SourceDrift); null until the first one ran.
 */
export const certificateChecks = sigma.table(
  'certificate_checks',
  {
    certificateId: text('certificate_id')
      .notNull()
      .references(() => certificates.id),
    kind: text('kind').$type<CertificateCheckKind>().notNull(),
    target: text('target'),
    checksRemaining: integer('checks_remaining'),
    checksDone: integer('checks_done').notNull().default(0),
    intervalSeconds: integer('interval_seconds'),
    nextCheckAt: ts('next_check_at'),
    checkedAt: ts('checked_at'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** MONITOR: the flag its last failing check opened (one open at a time). */
    flagId: text('flag_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.certificateId, t.kind] }),
    index('certificate_checks_due_idx').on(t.kind, t.nextCheckAt),
    oneOf('certificate_checks_kind_ck', t.kind, CERTIFICATE_CHECK_KINDS),
  ],
);
