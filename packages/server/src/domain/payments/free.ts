import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { verifyMessage } from 'viem';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { developers, freeOverrides, voucherRedemptions, vouchers, walletAllowlist } from '../../db/schema/index.js';
import { audit } from '../audit/log.js';

/** Free routes (SPEC §8): vouchers, allow-listed wallets, operator one-shot overrides. Their cost is booked to promotions. */

export const normaliseCode = (code: string) => code.trim().toUpperCase();
const CODE_RE = /^[A-Z0-9][A-Z0-9_-]{2,63}$/;

export interface VoucherInput {
  code: string;
  maxUses?: number | null;
  perDeveloperLimit?: number | null;
  expiresAt?: Date | null;
  note?: string;
}

export async function createVoucher(tx: DbOrTx, operatorId: string, input: VoucherInput) {
  const code = normaliseCode(input.code);
  if (!CODE_RE.test(code)) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A voucher code is 3–64 letters, digits, - or _.', { field: 'code' });
  const inserted = await tx
    .insert(vouchers)
    .values({
      code,
      maxUses: input.maxUses ?? null,
      perDeveloperLimit: input.perDeveloperLimit ?? null,
      expiresAt: input.expiresAt ?? null,
      note: input.note ?? '',
      createdBy: operatorId,
    })
    .onConflictDoNothing()
    .returning({ code: vouchers.code });
  if (!inserted[0]) throw new SigmaError('SIGMA_E_PRICING_CONFLICT', `Voucher ${code} already exists.`, { field: 'code' });
  await audit(tx, {
    actorType: 'operator',
    actorId: operatorId,
    action: 'payments.voucher.created',
    targetType: 'voucher',
    targetId: code,
    data: { ...input, code },
  });
  return code;
}

export async function retireVoucher(tx: DbOrTx, operatorId: string, code: string, now: Date) {
  const c = normaliseCode(code);
  const rows = await tx
    .update(vouchers)
    .set({ status: 'RETIRED', retiredAt: now })
    .where(and(eq(vouchers.code, c), eq(vouchers.status, 'ACTIVE')))
    .returning({ code: vouchers.code });
  if (!rows[0]) throw new SigmaError('SIGMA_E_PAYMENT_VOUCHER_INVALID', undefined, { field: 'code' });
  await audit(tx, { actorType: 'operator', actorId: operatorId, action: 'payments.voucher.retired', targetType: 'voucher', targetId: c });
}

export function voucherView(v: typeof vouchers.$inferSelect) {
  return {
    code: v.code,
    maxUses: v.maxUses,
    perDeveloperLimit: v.perDeveloperLimit,
    redeemed: v.redeemed,
    expiresAt: v.expiresAt?.toISOString() ?? null,
    status: v.status,
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    retiredAt: v.retiredAt?.toISOString() ?? null,
  };
}

export async function listVouchers(db: DbOrTx) {
  return (await db.select().from(vouchers).orderBy(desc(vouchers.createdAt))).map(voucherView);
}

/** Whether a developer could use a voucher now, and how many uses remain for them. */
export async function checkVoucher(db: DbOrTx, code: string, developerId: string, now: Date) {
  const v = (
    await db
      .select()
      .from(vouchers)
      .where(eq(vouchers.code, normaliseCode(code)))
      .limit(1)
  )[0];
  if (!v || v.status !== 'ACTIVE' || (v.expiresAt && v.expiresAt <= now)) throw new SigmaError('SIGMA_E_PAYMENT_VOUCHER_INVALID', undefined, { field: 'code' });
  const mine = await developerRedemptions(db, v.code, developerId);
  const remainingTotal = v.maxUses === null ? null : Math.max(0, v.maxUses - v.redeemed);
  const remainingForYou = v.perDeveloperLimit === null ? remainingTotal : Math.max(0, Math.min(remainingTotal ?? Infinity, v.perDeveloperLimit - mine));
  return { code: v.code, valid: remainingForYou === null || remainingForYou > 0, remainingForYou, expiresAt: v.expiresAt?.toISOString() ?? null };
}

async function developerRedemptions(db: DbOrTx, code: string, developerId: string): Promise<number> {
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(voucherRedemptions)
    .where(and(eq(voucherRedemptions.code, code), eq(voucherRedemptions.developerId, developerId)))) as [{ n: number }];
  return n;
}

/** Redeem a voucher for a submission: the voucher row is locked, so its limits hold under concurrency. */
export async function redeemVoucher(tx: DbOrTx, code: string, developerId: string, submissionId: string, now: Date): Promise<string> {
  const c = normaliseCode(code);
  const v = (await tx.select().from(vouchers).where(eq(vouchers.code, c)).for('update'))[0];
  if (!v || v.status !== 'ACTIVE' || (v.expiresAt && v.expiresAt <= now))
    throw new SigmaError('SIGMA_E_PAYMENT_VOUCHER_INVALID', undefined, { field: 'payment.code' });
  if (v.maxUses !== null && v.redeemed >= v.maxUses)
    throw new SigmaError('SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED', `Voucher ${c} has been used ${v.redeemed} of ${v.maxUses} times.`, { field: 'payment.code' });
  if (v.perDeveloperLimit !== null && (await developerRedemptions(tx, c, developerId)) >= v.perDeveloperLimit) {
    throw new SigmaError('SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED', `You have used voucher ${c} ${v.perDeveloperLimit} time(s), its per-developer limit.`, {
      field: 'payment.code',
    });
  }
  await tx
    .update(vouchers)
    .set({ redeemed: sql`${vouchers.redeemed} + 1` })
    .where(eq(vouchers.code, c));
  await tx.insert(voucherRedemptions).values({ id: newId24(), code: c, developerId, submissionId, at: now });
  return c;
}

// ---- allow-listed wallets

export async function allowWallet(tx: DbOrTx, operatorId: string, address: string, note: string) {
  const a = address.toLowerCase();
  await tx
    .insert(walletAllowlist)
    .values({ address: a, note, createdBy: operatorId })
    .onConflictDoUpdate({ target: walletAllowlist.address, set: { status: 'ACTIVE', note, retiredAt: null } });
  await audit(tx, { actorType: 'operator', actorId: operatorId, action: 'payments.wallet.allowed', targetType: 'wallet', targetId: a, data: { note } });
}

export async function disallowWallet(tx: DbOrTx, operatorId: string, address: string, now: Date) {
  const a = address.toLowerCase();
  const rows = await tx
    .update(walletAllowlist)
    .set({ status: 'RETIRED', retiredAt: now })
    .where(and(eq(walletAllowlist.address, a), eq(walletAllowlist.status, 'ACTIVE')))
    .returning({ a: walletAllowlist.address });
  if (!rows[0]) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', 'That wallet is not on the allow-list.', { field: 'address' });
  await audit(tx, { actorType: 'operator', actorId: operatorId, action: 'payments.wallet.removed', targetType: 'wallet', targetId: a });
}

export async function listWallets(db: DbOrTx) {
  return (await db.select().from(walletAllowlist).orderBy(asc(walletAllowlist.createdAt))).map((w) => ({
    address: w.address,
    note: w.note,
    status: w.status,
    createdAt: w.createdAt.toISOString(),
    retiredAt: w.retiredAt?.toISOString() ?? null,
  }));
}

export const walletMessage = (quoteId: string) => `sigma:free-submission:${quoteId}`;

/** An allow-listed wallet proves control by signing `sigma:free-submission:<quoteId>` (EIP-191); a quote pays once. */
export async function checkWallet(db: DbOrTx, address: string, signature: string, quoteId: string): Promise<string> {
  const a = address.toLowerCase();
  const w = (
    await db
      .select()
      .from(walletAllowlist)
      .where(and(eq(walletAllowlist.address, a), eq(walletAllowlist.status, 'ACTIVE')))
      .limit(1)
  )[0];
  let ok = false;
  if (w) {
    try {
      ok = await verifyMessage({ address: address as `0x${string}`, message: walletMessage(quoteId), signature: signature as `0x${string}` });
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new SigmaError('SIGMA_E_PAYMENT_WALLET_NOT_ALLOWED', undefined, { field: 'payment.address' });
  return a;
}

// ---- operator one-shot free overrides

export async function grantOverride(tx: DbOrTx, operatorId: string, input: { developerId: string; productType?: string | null; reason: string }) {
  const dev = (await tx.select({ id: developers.id }).from(developers).where(eq(developers.id, input.developerId)).limit(1))[0];
  if (!dev) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'No such developer.', { field: 'developerId' });
  const id = newId24();
  await tx
    .insert(freeOverrides)
    .values({ id, developerId: input.developerId, productType: input.productType ?? null, reason: input.reason, createdBy: operatorId });
  await audit(tx, {
    actorType: 'operator',
    actorId: operatorId,
    action: 'payments.override.granted',
    targetType: 'free_override',
    targetId: id,
    data: { ...input },
  });
  return id;
}

export async function revokeOverride(tx: DbOrTx, operatorId: string, id: string, now: Date) {
  const rows = await tx
    .update(freeOverrides)
    .set({ revokedAt: now })
    .where(and(eq(freeOverrides.id, id), isNull(freeOverrides.usedAt), isNull(freeOverrides.revokedAt)))
    .returning({ id: freeOverrides.id });
  if (!rows[0]) throw new SigmaError('SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND', undefined, { field: 'id' });
  await audit(tx, { actorType: 'operator', actorId: operatorId, action: 'payments.override.revoked', targetType: 'free_override', targetId: id });
}

export async function listOverrides(db: DbOrTx) {
  return (await db.select().from(freeOverrides).orderBy(desc(freeOverrides.createdAt)).limit(500)).map((o) => ({
    id: o.id,
    developerId: o.developerId,
    productType: o.productType,
    reason: o.reason,
    createdAt: o.createdAt.toISOString(),
    usedAt: o.usedAt?.toISOString() ?? null,
    submissionId: o.submissionId,
    revokedAt: o.revokedAt?.toISOString() ?? null,
  }));
}

/** Use the developer's oldest unused override for this category (one shot), or throw. */
export async function useOverride(tx: DbOrTx, developerId: string, productType: string, submissionId: string, now: Date): Promise<string> {
  const o = (
    await tx
      .select()
      .from(freeOverrides)
      .where(
        and(
          eq(freeOverrides.developerId, developerId),
          isNull(freeOverrides.usedAt),
          isNull(freeOverrides.revokedAt),
          or(isNull(freeOverrides.productType), eq(freeOverrides.productType, productType)),
        ),
      )
      .orderBy(asc(freeOverrides.createdAt))
      .limit(1)
      .for('update')
  )[0];
  if (!o) throw new SigmaError('SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND', undefined, { field: 'payment.method' });
  const used = await tx
    .update(freeOverrides)
    .set({ usedAt: now, submissionId })
    .where(and(eq(freeOverrides.id, o.id), isNull(freeOverrides.usedAt)))
    .returning({ id: freeOverrides.id });
  if (!used[0]) throw new SigmaError('SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND', undefined, { field: 'payment.method' });
  return o.id;
}
