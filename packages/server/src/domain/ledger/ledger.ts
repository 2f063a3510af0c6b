import { and, eq, sql } from 'drizzle-orm';
import { newId24 } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '../../db/schema/index.js';

/**
 * The double-entry ledger. Money is integers in the smallest unit (1 credit; 1 micro-USDC).
 * Balances are derived from entries, never stored. Sign convention: an entry's amount is added to
 * the account's balance; every transaction's entries sum to zero per currency.
 */
/** CREDIT: 1 credit. USDC: 1e-6 USDC. SBYTE: 1e-6 SBYTE (µSBYTE; stake is kept in the ledger only when no chain is configured). */
export type Currency = 'CREDIT' | 'USDC' | 'SBYTE';

export interface AccountRef {
  kind: string;
  ownerType: 'developer' | 'validator' | 'platform';
  ownerId: string;
  currency: Currency;
}

/** Platform accounts. */
export const PLATFORM = {
  treasury: (currency: Currency): AccountRef => ({ kind: 'treasury', ownerType: 'platform', ownerId: 'sigma', currency }),
  /** Money that came in from outside (USDC transfers, x402 settlements): its balance goes negative. */
  external: (currency: Currency): AccountRef => ({ kind: 'external', ownerType: 'platform', ownerId: 'world', currency }),
  /** Cost of free routes (vouchers, allow-lists, overrides), booked against the treasury's promotions budget. */
  promotions: (currency: Currency): AccountRef => ({ kind: 'promotions', ownerType: 'platform', ownerId: 'sigma', currency }),
  /** Fees earned on submissions, before the validator share is paid out. */
  revenue: (currency: Currency): AccountRef => ({ kind: 'revenue', ownerType: 'platform', ownerId: 'sigma', currency }),
} as const;

export const developerCredits = (developerId: string): AccountRef => ({ kind: 'credits', ownerType: 'developer', ownerId: developerId, currency: 'CREDIT' });
export const validatorEarnings = (validatorId: string, currency: Currency = 'CREDIT'): AccountRef => ({
  kind: 'earnings',
  ownerType: 'validator',
  ownerId: validatorId,
  currency,
});

export async function accountId(db: DbOrTx, ref: AccountRef): Promise<string> {
  const where = and(
    eq(ledgerAccounts.kind, ref.kind),
    eq(ledgerAccounts.ownerType, ref.ownerType),
    eq(ledgerAccounts.ownerId, ref.ownerId),
    eq(ledgerAccounts.currency, ref.currency),
  );
  const found = await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where).limit(1);
  if (found[0]) return found[0].id;
  await db
    .insert(ledgerAccounts)
    .values({ id: newId24(), ...ref })
    .onConflictDoNothing();
  return (await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where).limit(1))[0]!.id;
}

export interface Posting {
  kind: string;
  /** The transaction is recorded once per key; a repeat returns the first one. */
  idempotencyKey: string;
  refType?: string;
  refId?: string;
  memo?: string;
  data?: Record<string, unknown>;
  entries: Array<{ account: AccountRef; amount: bigint }>;
}

export class LedgerImbalanceError extends Error {}

/** Record a balanced transaction. Returns `{ id, created:false }` when the key was already used. */
export async function post(tx: DbOrTx, p: Posting): Promise<{ id: string; created: boolean }> {
  const sums = new Map<string, bigint>();
  for (const e of p.entries) sums.set(e.account.currency, (sums.get(e.account.currency) ?? 0n) + e.amount);
  for (const [cur, sum] of sums) if (sum !== 0n) throw new LedgerImbalanceError(`entries of ${p.kind} sum to ${sum} ${cur}, not 0`);
  const id = newId24();
  const inserted = await tx
    .insert(ledgerTransactions)
    .values({
      id,
      kind: p.kind,
      idempotencyKey: p.idempotencyKey,
      refType: p.refType ?? null,
      refId: p.refId ?? null,
      memo: p.memo ?? '',
      data: p.data ?? null,
    })
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
  if (inserted.length === 0) {
    const prior = await tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.idempotencyKey, p.idempotencyKey))
      .limit(1);
    return { id: prior[0]!.id, created: false };
  }
  const rows = [];
  for (const e of p.entries) {
    if (e.amount === 0n) continue;
    rows.push({ transactionId: id, accountId: await accountId(tx, e.account), amount: e.amount, currency: e.account.currency });
  }
  if (rows.length) await tx.insert(ledgerEntries).values(rows);
  return { id, created: true };
}

export async function balance(db: DbOrTx, ref: AccountRef): Promise<bigint> {
  const rows = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text` })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(
      and(
        eq(ledgerAccounts.kind, ref.kind),
        eq(ledgerAccounts.ownerType, ref.ownerType),
        eq(ledgerAccounts.ownerId, ref.ownerId),
        eq(ledgerAccounts.currency, ref.currency),
      ),
    );
  return BigInt(rows[0]?.total ?? '0');
}

/** The books balance when every transaction's entries sum to zero per currency. Returns the offenders. */
export async function unbalancedTransactions(db: DbOrTx): Promise<Array<{ transactionId: string; currency: string; sum: string }>> {
  const rows = await db
    .select({ transactionId: ledgerEntries.transactionId, currency: ledgerEntries.currency, sum: sql<string>`sum(${ledgerEntries.amount})::text` })
    .from(ledgerEntries)
    .groupBy(ledgerEntries.transactionId, ledgerEntries.currency)
    .having(sql`sum(${ledgerEntries.amount}) <> 0`);
  return rows;
}

/** Lock an account row for the rest of the transaction (serialises spending from one balance). */
export async function lockAccount(tx: DbOrTx, ref: AccountRef): Promise<string> {
  const id = await accountId(tx, ref);
  await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.id, id)).for('update');
  return id;
}
