import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sigma, ts } from './common.js';

/**
 * Pricing catalogue, quotes, payment intents, vouchers and free routes (SPEC §8). Money here is
 * integer credits (1 credit = 0.01 USDC = 10,000 micro-USDC) or integer micro-USDC; balances live
 * only in the ledger (ledger.ts).
 */

/** Base price per productType. At most one ACTIVE row per productType; a change retires the old row. */
export const priceCategories = sigma.table(
  'price_categories',
  {
    id: text('id').primaryKey(),
    productType: text('product_type').notNull(),
    baseCredits: bigint('base_credits', { mode: 'number' }).notNull(),
    status: text('status').notNull().default('ACTIVE'), // ACTIVE | RETIRED
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('price_categories_active_uq')
      .on(t.productType)
      .where(sql`status = 'ACTIVE'`),
  ],
);

/** A multiplier that applies when a review-depth signal of a surface reaches `minValue`. */
export const priceRules = sigma.table('price_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  surface: text('surface').notNull(), // SKILL | API | CODE
  signal: text('signal').notNull(),
  minValue: bigint('min_value', { mode: 'number' }).notNull(),
  /** 10,000 = ×1. */
  multiplierBps: integer('multiplier_bps').notNull(),
  status: text('status').notNull().default('ACTIVE'),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/** Fee per dependency not yet certified in the Package Trust Registry (*_PACKAGES categories). One ACTIVE row. */
export const pricePackageFees = sigma.table(
  'price_package_fees',
  {
    id: text('id').primaryKey(),
    creditsPerPackage: bigint('credits_per_package', { mode: 'number' }).notNull(),
    status: text('status').notNull().default('ACTIVE'),
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('price_package_fees_active_uq')
      .on(t.status)
      .where(sql`status = 'ACTIVE'`),
  ],
);

/** A discount for the first N quotes (FIRST_N) or during a time window (WINDOW). */
export const priceCampaigns = sigma.table('price_campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(), // FIRST_N | WINDOW
  /** null: every category. */
  productType: text('product_type'),
  /** 10,000 = free. */
  discountBps: integer('discount_bps').notNull(),
  maxRedemptions: integer('max_redemptions'),
  perDeveloperLimit: integer('per_developer_limit'),
  startsAt: ts('starts_at'),
  endsAt: ts('ends_at'),
  /** Consumed redemptions (claims that paid a submission). Reservations are counted from campaign_claims. */
  redeemed: integer('redeemed').notNull().default(0),
  status: text('status').notNull().default('ACTIVE'),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/** A quote's hold on a campaign slot: RESERVED until the quote expires, CONSUMED when it pays. */
export const campaignClaims = sigma.table(
  'campaign_claims',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => priceCampaigns.id),
    developerId: text('developer_id').notNull(),
    quoteId: text('quote_id').notNull(),
    status: text('status').notNull(), // RESERVED | CONSUMED | RELEASED
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_claims_quote_uq').on(t.quoteId), index('campaign_claims_campaign_idx').on(t.campaignId, t.status)],
);

/** A priced, explained and snapshotted offer for one draft (content hash + category). */
export const quotes = sigma.table(
  'quotes',
  {
    id: text('id').primaryKey(),
    developerId: text('developer_id').notNull(),
    productType: text('product_type').notNull(),
    contentHash: text('content_hash').notNull(),
    signals: jsonb('signals').$type<Record<string, number>>().notNull(),
    /** The full explanation (base, rules, package fee, campaign, totals): the price snapshot. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    listCredits: bigint('list_credits', { mode: 'number' }).notNull(),
    discountCredits: bigint('discount_credits', { mode: 'number' }).notNull(),
    totalCredits: bigint('total_credits', { mode: 'number' }).notNull(),
    usdcMicros: bigint('usdc_micros', { mode: 'bigint' }).notNull(),
    campaignId: text('campaign_id'),
    status: text('status').notNull().default('OPEN'), // OPEN | CONSUMED
    submissionId: text('submission_id'),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('quotes_developer_idx').on(t.developerId, t.createdAt), uniqueIndex('quotes_submission_uq').on(t.submissionId)],
);

/** Which payment methods the operators have switched on. A missing row means the default (on). */
export const paymentMethods = sigma.table('payment_methods', {
  method: text('method').primaryKey(), // CREDITS | CHAIN_TRANSFER | X402 | VOUCHER | WALLET | OVERRIDE
  enabled: boolean('enabled').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/** CREATED → CONFIRMED → CONSUMED, or EXPIRED | FAILED. */
export const paymentIntents = sigma.table(
  'payment_intents',
  {
    id: text('id').primaryKey(),
    developerId: text('developer_id').notNull(),
    purpose: text('purpose').notNull(), // SUBMISSION | TOPUP
    method: text('method').notNull(), // CHAIN_TRANSFER | X402
    status: text('status').notNull(),
    quoteId: text('quote_id'),
    credits: bigint('credits', { mode: 'number' }).notNull(),
    amountMicros: bigint('amount_micros', { mode: 'bigint' }).notNull(),
    network: text('network').notNull(),
    asset: text('asset').notNull(),
    payTo: text('pay_to').notNull(),
    payer: text('payer'),
    /** The chain transaction that paid it; unique: a hash pays once, ever. */
    txHash: text('tx_hash'),
    /** The EIP-3009 authorization nonce of an x402 payment; unique. */
    x402Nonce: text('x402_nonce'),
    submissionId: text('submission_id'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>(),
    failureReason: text('failure_reason'),
    expiresAt: ts('expires_at').notNull(),
    confirmedAt: ts('confirmed_at'),
    consumedAt: ts('consumed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_intents_tx_uq').on(t.txHash),
    uniqueIndex('payment_intents_nonce_uq').on(t.x402Nonce),
    index('payment_intents_developer_idx').on(t.developerId, t.createdAt),
  ],
);

/** How each submission was paid, with its price snapshot; one row per submission. */
export const submissionPayments = sigma.table(
  'submission_payments',
  {
    submissionId: text('submission_id').primaryKey(),
    developerId: text('developer_id').notNull(),
    quoteId: text('quote_id').notNull(),
    method: text('method').notNull(),
    listCredits: bigint('list_credits', { mode: 'number' }).notNull(),
    discountCredits: bigint('discount_credits', { mode: 'number' }).notNull(),
    /** Paid by the developer (credits, or USDC converted at 100 credits per USDC). */
    paidCredits: bigint('paid_credits', { mode: 'number' }).notNull(),
    /** Booked to the promotions account (campaign discounts and free routes). */
    promoCredits: bigint('promo_credits', { mode: 'number' }).notNull(),
    intentId: text('intent_id'),
    voucherCode: text('voucher_code'),
    overrideId: text('override_id'),
    wallet: text('wallet'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    ledgerTransactionId: text('ledger_transaction_id').notNull(),
    refundTransactionId: text('refund_transaction_id'),
    refundedAt: ts('refunded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('submission_payments_quote_uq').on(t.quoteId)],
);

export const vouchers = sigma.table('vouchers', {
  code: text('code').primaryKey(), // upper case
  /** null: unlimited. */
  maxUses: integer('max_uses'),
  perDeveloperLimit: integer('per_developer_limit'),
  redeemed: integer('redeemed').notNull().default(0),
  expiresAt: ts('expires_at'),
  status: text('status').notNull().default('ACTIVE'),
  note: text('note').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

export const voucherRedemptions = sigma.table(
  'voucher_redemptions',
  {
    id: text('id').primaryKey(),
    code: text('code')
      .notNull()
      .references(() => vouchers.code),
    developerId: text('developer_id').notNull(),
    submissionId: text('submission_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('voucher_redemptions_submission_uq').on(t.submissionId), index('voucher_redemptions_code_idx').on(t.code, t.developerId)],
);

export const walletAllowlist = sigma.table('wallet_allowlist', {
  address: text('address').primaryKey(), // lower case
  note: text('note').notNull().default(''),
  status: text('status').notNull().default('ACTIVE'),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/** An operator's one-shot free submission for a developer. */
export const freeOverrides = sigma.table(
  'free_overrides',
  {
    id: text('id').primaryKey(),
    developerId: text('developer_id').notNull(),
    productType: text('product_type'),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    usedAt: ts('used_at'),
    submissionId: text('submission_id'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('free_overrides_developer_idx').on(t.developerId)],
);

/** Every settled x402 payment, keyed by its authorization nonce (the idempotency key). */
export const x402Payments = sigma.table('x402_payments', {
  nonce: text('nonce').primaryKey(), // lower-case hex
  network: text('network').notNull(),
  developerId: text('developer_id').notNull(),
  purpose: text('purpose').notNull(), // TOPUP | SUBMISSION
  payer: text('payer').notNull(),
  amountMicros: bigint('amount_micros', { mode: 'bigint' }).notNull(),
  txHash: text('tx_hash'),
  intentId: text('intent_id'),
  /** What the paid request returned, replayed for a retry with the same authorization. */
  result: jsonb('result').$type<Record<string, unknown>>().notNull(),
  paymentResponse: text('payment_response').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
