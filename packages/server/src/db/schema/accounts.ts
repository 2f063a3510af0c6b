import { sql } from 'drizzle-orm';
import { index, integer, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sigma, ts } from './common.js';

export const developers = sigma.table(
  'developers',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('developers_email_uq').on(sql`lower(${t.email})`)],
);

/** Developer API keys: only a SHA-256 of the secret is stored; `prefix` is the public lookup part. */
export const apiKeys = sigma.table(
  'api_keys',
  {
    id: text('id').primaryKey(),
    developerId: text('developer_id')
      .notNull()
      .references(() => developers.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.secretHash), index('api_keys_developer_idx').on(t.developerId)],
);

export const operators = sigma.table(
  'operators',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Base32 TOTP secret once enrolled; null until then. */
    totpSecret: text('totp_secret'),
    totpRequired: text('totp_required').notNull().default('yes'),
    /** The 30-second time step of the last TOTP code accepted: a code is good once (RFC 6238 §5.2). */
    totpLastStep: integer('totp_last_step'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('operators_email_uq').on(sql`lower(${t.email})`)],
);

/** Sessions of every plane that uses bearer sessions; `plane` keeps them apart. Token hashes only. */
export const sessions = sigma.table(
  'sessions',
  {
    id: text('id').primaryKey(),
    plane: text('plane').notNull(), // 'operator' | 'developer' | 'agent'
    subjectId: text('subject_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('sessions_token_uq').on(t.tokenHash), index('sessions_subject_idx').on(t.plane, t.subjectId)],
);

/** Append-only record of every operator action (and other security-relevant actions). */
export const auditLog = sigma.table(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

/** Wallet sign-in challenges for the agent plane: one live challenge per address (a new one replaces it). */
export const agentChallenges = sigma.table('agent_challenges', {
  address: text('address').primaryKey(),
  nonce: text('nonce').notNull(),
  message: text('message').notNull(),
  expiresAt: ts('expires_at').notNull(),
});
