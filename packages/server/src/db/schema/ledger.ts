import { bigint, bigserial, index, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sigma, ts } from './common.js';

/**
 * Double-entry ledger. Balances are never stored: an account's balance is the sum of its entries.
 * Every transaction's entries sum to zero per currency. Amounts are integers in the smallest unit
 * (credits; USDC micro-units; SBYTE wei as decimal strings are not used here).
 */
export const ledgerAccounts = sigma.table(
  'ledger_accounts',
  {
    id: text('id').primaryKey(),
    /** e.g. developer_credits, validator_earnings, treasury, revenue, external_usdc, promotions */
    kind: text('kind').notNull(),
    ownerType: text('owner_type').notNull(), // developer | validator | platform
    ownerId: text('owner_id').notNull(),
    currency: text('currency').notNull(), // CREDIT | USDC
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_accounts_owner_uq').on(t.kind, t.ownerType, t.ownerId, t.currency)],
);

export const ledgerTransactions = sigma.table(
  'ledger_transactions',
  {
    id: text('id').primaryKey(),
    at: ts('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    /** A transaction is recorded at most once per key (payment ids, round payouts, refunds). */
    idempotencyKey: text('idempotency_key').notNull(),
    refType: text('ref_type'),
    refId: text('ref_id'),
    memo: text('memo').notNull().default(''),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('ledger_transactions_key_uq').on(t.idempotencyKey), index('ledger_transactions_ref_idx').on(t.refType, t.refId)],
);

export const ledgerEntries = sigma.table(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: text('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    /** Signed: positive debits the account's holder side as defined by the posting code; entries sum to zero per transaction. */
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [index('ledger_entries_account_idx').on(t.accountId), index('ledger_entries_tx_idx').on(t.transactionId)],
);
