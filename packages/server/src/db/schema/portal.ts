import { boolean, index, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { sigma, ts } from './common.js';

/** One-time sign-in codes for the developer portal (only a hash of the code is stored). */
export const loginCodes = sigma.table(
  'login_codes',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: ts('consumed_at'),
  },
  (t) => [index('login_codes_email_idx').on(t.email, t.createdAt)],
);

/** Mail the server would send when no SMTP server is configured (dev outbox). */
export const outboxEmails = sigma.table(
  'outbox_emails',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('outbox_emails_created_idx').on(t.createdAt)],
);

export const featureFlags = sigma.table('feature_flags', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull(),
  description: text('description').notNull().default(''),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Public flags against certificates (SPEC §6): anyone files, operators triage. */
export const certificateFlags = sigma.table(
  'certificate_flags',
  {
    id: text('id').primaryKey(),
    certificateId: text('certificate_id').notNull(),
    reason: text('reason').notNull(),
    evidence: text('evidence').notNull().default(''),
    contact: text('contact'),
    /** OPEN | ESCALATED | UPHELD | DISMISSED */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    triagedBy: text('triaged_by'),
    triagedAt: ts('triaged_at'),
    resolution: text('resolution'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('certificate_flags_cert_idx').on(t.certificateId, t.status)],
);
