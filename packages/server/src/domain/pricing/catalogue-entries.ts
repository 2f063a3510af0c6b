/** Operator changes to the versioned catalogue entries (categories, rules, the package fee): a change retires the row and inserts a new one. */
import { and, eq } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { priceCategories, pricePackageFees, priceRules } from '../../db/schema/index.js';
import { audit } from '../audit/log.js';
import type { Actor } from './catalogue.js';
import type { Surface } from './engine.js';
import { SIGNALS } from './engine.js';

function checkSignal(surface: string, signal: string): void {
  const allowed = SIGNALS[surface as Surface] as readonly string[] | undefined;
  if (!allowed) throw new SigmaError('SIGMA_E_REQUEST_INVALID', `surface must be one of ${Object.keys(SIGNALS).join(', ')}`, { field: 'surface' });
  if (!allowed.includes(signal))
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', `signal of ${surface} must be one of ${allowed.join(', ')}`, { field: 'signal' });
}

async function retireRow(
  tx: DbOrTx,
  table: typeof priceCategories | typeof priceRules | typeof pricePackageFees,
  id: string,
  now: Date,
): Promise<Record<string, unknown>> {
  const rows = await tx
    .update(table)
    .set({ status: 'RETIRED', retiredAt: now })
    .where(and(eq(table.id, id), eq(table.status, 'ACTIVE')))
    .returning();
  if (!rows[0]) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', `No active catalogue entry ${id}.`, { field: 'id' });
  return rows[0] as Record<string, unknown>;
}

function conflict(err: unknown, message: string): never {
  if (String((err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code) === '23505')
    throw new SigmaError('SIGMA_E_PRICING_CONFLICT', message);
  throw err;
}

export async function createCategory(tx: DbOrTx, actor: Actor, input: { productType: string; baseCredits: number }) {
  const id = newId24();
  try {
    await tx.insert(priceCategories).values({ id, ...input });
  } catch (err) {
    conflict(err, `${input.productType} already has an active price; change it instead.`);
  }
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.category.created',
    targetType: 'price_category',
    targetId: id,
    data: input,
  });
  return id;
}

export async function changeCategory(tx: DbOrTx, actor: Actor, id: string, input: { baseCredits: number }, now: Date) {
  const old = await retireRow(tx, priceCategories, id, now);
  const newId = newId24();
  await tx.insert(priceCategories).values({ id: newId, productType: old.productType as string, baseCredits: input.baseCredits });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.category.changed',
    targetType: 'price_category',
    targetId: newId,
    data: { replaces: id, from: old.baseCredits, to: input.baseCredits, productType: old.productType },
  });
  return newId;
}

export async function retireCategory(tx: DbOrTx, actor: Actor, id: string, now: Date) {
  const old = await retireRow(tx, priceCategories, id, now);
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.category.retired',
    targetType: 'price_category',
    targetId: id,
    data: { productType: old.productType },
  });
}

export interface RuleInput {
  name: string;
  surface: string;
  signal: string;
  minValue: number;
  multiplierBps: number;
}
export async function createRule(tx: DbOrTx, actor: Actor, input: RuleInput) {
  checkSignal(input.surface, input.signal);
  const id = newId24();
  await tx.insert(priceRules).values({ id, ...input });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.rule.created',
    targetType: 'price_rule',
    targetId: id,
    data: { ...input },
  });
  return id;
}

export async function changeRule(tx: DbOrTx, actor: Actor, id: string, input: Partial<RuleInput>, now: Date) {
  const old = (await retireRow(tx, priceRules, id, now)) as typeof priceRules.$inferSelect;
  const next = {
    name: input.name ?? old.name,
    surface: input.surface ?? old.surface,
    signal: input.signal ?? old.signal,
    minValue: input.minValue ?? old.minValue,
    multiplierBps: input.multiplierBps ?? old.multiplierBps,
  };
  checkSignal(next.surface, next.signal);
  const newId = newId24();
  await tx.insert(priceRules).values({ id: newId, ...next });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.rule.changed',
    targetType: 'price_rule',
    targetId: newId,
    data: { replaces: id, ...next },
  });
  return newId;
}

export async function retireRule(tx: DbOrTx, actor: Actor, id: string, now: Date) {
  await retireRow(tx, priceRules, id, now);
  await audit(tx, { actorType: 'operator', actorId: actor.operatorId, action: 'pricing.rule.retired', targetType: 'price_rule', targetId: id });
}

/** Set (create or change) the package fee: the active row is retired and a new one inserted. */
export async function setPackageFee(tx: DbOrTx, actor: Actor, creditsPerPackage: number, now: Date) {
  const old = await tx.update(pricePackageFees).set({ status: 'RETIRED', retiredAt: now }).where(eq(pricePackageFees.status, 'ACTIVE')).returning();
  const id = newId24();
  await tx.insert(pricePackageFees).values({ id, creditsPerPackage });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: old[0] ? 'pricing.package_fee.changed' : 'pricing.package_fee.created',
    targetType: 'price_package_fee',
    targetId: id,
    data: { creditsPerPackage, replaces: old[0]?.id ?? null },
  });
  return id;
}

export async function retirePackageFee(tx: DbOrTx, actor: Actor, id: string, now: Date) {
  await retireRow(tx, pricePackageFees, id, now);
  await audit(tx, { actorType: 'operator', actorId: actor.operatorId, action: 'pricing.package_fee.retired', targetType: 'price_package_fee', targetId: id });
}
