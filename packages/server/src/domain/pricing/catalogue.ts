import { and, asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { priceCampaigns, priceCategories, pricePackageFees, priceRules } from '../../db/schema/index.js';
import { audit } from '../audit/log.js';
import type { Catalogue, CatalogueRule, SignalName, Surface } from './engine.js';
import { SIGNALS } from './engine.js';

/**
 * The pricing catalogue is operator data. Categories, rules and the package fee are versioned: a
 * change retires the row and inserts a new one, so every stored quote keeps pointing at the exact
 * entries it was priced with. Campaigns are changed in place (their counters must persist).
 * Every change is written to the audit log by the caller's operator.
 */
export type Actor = { operatorId: string };

/** The defaults a fresh deployment starts with (operators change them through the API). */
export const DEFAULT_CATALOGUE = {
  categories: {
    SKILL: 100,
    API: 200,
    SKILL_API: 250,
    CODE: 300,
    CODE_PACKAGES: 350,
    SKILL_CODE: 350,
    SKILL_CODE_PACKAGES: 400,
    SKILL_API_CODE_PACKAGES: 500,
  } as Record<string, number>,
  rules: [
    { name: 'Broad capability scope', surface: 'SKILL', signal: 'capabilities', minValue: 3, multiplierBps: 12_500 },
    { name: 'Many external hosts', surface: 'SKILL', signal: 'externalHosts', minValue: 3, multiplierBps: 12_500 },
    { name: 'Many declared endpoints', surface: 'API', signal: 'declaredEndpoints', minValue: 5, multiplierBps: 15_000 },
    { name: 'Authenticated endpoints', surface: 'API', signal: 'authenticatedEndpoints', minValue: 1, multiplierBps: 12_000 },
    { name: 'Mutating endpoints', surface: 'API', signal: 'mutatingEndpoints', minValue: 1, multiplierBps: 13_000 },
    { name: 'Many files', surface: 'CODE', signal: 'fileCount', minValue: 20, multiplierBps: 12_500 },
    { name: 'Large source', surface: 'CODE', signal: 'sourceBytes', minValue: 100_000, multiplierBps: 12_500 },
    { name: 'Many dependencies', surface: 'CODE', signal: 'dependencyCount', minValue: 10, multiplierBps: 12_000 },
    { name: 'Several languages', surface: 'CODE', signal: 'languageCount', minValue: 2, multiplierBps: 12_000 },
  ] as Array<Omit<CatalogueRule, 'id'>>,
  creditsPerPackage: 20,
};

/** Insert the default catalogue once, when the deployment has never had one. */
export async function ensureDefaultCatalogue(db: DbOrTx): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7416301)`);
    const any = await tx.select({ id: priceCategories.id }).from(priceCategories).limit(1);
    if (any[0]) return false;
    await tx
      .insert(priceCategories)
      .values(Object.entries(DEFAULT_CATALOGUE.categories).map(([productType, baseCredits]) => ({ id: newId24(), productType, baseCredits })));
    await tx.insert(priceRules).values(DEFAULT_CATALOGUE.rules.map((r) => ({ id: newId24(), ...r })));
    await tx.insert(pricePackageFees).values({ id: newId24(), creditsPerPackage: DEFAULT_CATALOGUE.creditsPerPackage });
    return true;
  });
}

/** The active catalogue entries that price a category. */
export async function loadCatalogue(db: DbOrTx, productType: string): Promise<Catalogue> {
  const cat = (
    await db
      .select()
      .from(priceCategories)
      .where(and(eq(priceCategories.productType, productType), eq(priceCategories.status, 'ACTIVE')))
      .limit(1)
  )[0];
  const rules = await db.select().from(priceRules).where(eq(priceRules.status, 'ACTIVE')).orderBy(asc(priceRules.createdAt));
  const fee = (await db.select().from(pricePackageFees).where(eq(pricePackageFees.status, 'ACTIVE')).limit(1))[0];
  return {
    category: cat ? { id: cat.id, productType: cat.productType, baseCredits: cat.baseCredits } : null,
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      surface: r.surface as Surface,
      signal: r.signal as SignalName,
      minValue: r.minValue,
      multiplierBps: r.multiplierBps,
    })),
    packageFee: fee ? { id: fee.id, creditsPerPackage: fee.creditsPerPackage } : null,
  };
}

export async function catalogueView(db: DbOrTx, includeRetired = false) {
  const st = (col: AnyColumn) => (includeRetired ? sql`true` : eq(col, 'ACTIVE'));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    categories: (await db.select().from(priceCategories).where(st(priceCategories.status)).orderBy(asc(priceCategories.createdAt))).map((c) => ({
      id: c.id,
      productType: c.productType,
      baseCredits: c.baseCredits,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      retiredAt: iso(c.retiredAt),
    })),
    rules: (await db.select().from(priceRules).where(st(priceRules.status)).orderBy(asc(priceRules.createdAt))).map((r) => ({
      id: r.id,
      name: r.name,
      surface: r.surface,
      signal: r.signal,
      minValue: r.minValue,
      multiplierBps: r.multiplierBps,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      retiredAt: iso(r.retiredAt),
    })),
    packageFees: (await db.select().from(pricePackageFees).where(st(pricePackageFees.status)).orderBy(asc(pricePackageFees.createdAt))).map((f) => ({
      id: f.id,
      creditsPerPackage: f.creditsPerPackage,
      status: f.status,
      createdAt: f.createdAt.toISOString(),
      retiredAt: iso(f.retiredAt),
    })),
    campaigns: (await db.select().from(priceCampaigns).where(st(priceCampaigns.status)).orderBy(asc(priceCampaigns.createdAt))).map(campaignView),
  };
}

export function campaignView(c: typeof priceCampaigns.$inferSelect) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    productType: c.productType,
    discountBps: c.discountBps,
    maxRedemptions: c.maxRedemptions,
    perDeveloperLimit: c.perDeveloperLimit,
    startsAt: c.startsAt?.toISOString() ?? null,
    endsAt: c.endsAt?.toISOString() ?? null,
    redeemed: c.redeemed,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    retiredAt: c.retiredAt?.toISOString() ?? null,
  };
}

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

export interface CampaignInput {
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  productType?: string | null;
  discountBps: number;
  maxRedemptions?: number | null;
  perDeveloperLimit?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}
function checkCampaign(c: CampaignInput): void {
  if (c.kind === 'FIRST_N' && !c.maxRedemptions)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A FIRST_N campaign needs maxRedemptions.', { field: 'maxRedemptions' });
  if (c.kind === 'WINDOW' && !c.endsAt) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A WINDOW campaign needs endsAt.', { field: 'endsAt' });
  if (c.startsAt && c.endsAt && c.endsAt <= c.startsAt) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'endsAt must be after startsAt.', { field: 'endsAt' });
}

export async function createCampaign(tx: DbOrTx, actor: Actor, input: CampaignInput) {
  checkCampaign(input);
  const id = newId24();
  await tx.insert(priceCampaigns).values({ id, ...input, productType: input.productType ?? null });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.campaign.created',
    targetType: 'price_campaign',
    targetId: id,
    data: { ...input },
  });
  return id;
}

export async function changeCampaign(tx: DbOrTx, actor: Actor, id: string, input: Partial<CampaignInput>) {
  const old = (
    await tx
      .select()
      .from(priceCampaigns)
      .where(and(eq(priceCampaigns.id, id), eq(priceCampaigns.status, 'ACTIVE')))
      .for('update')
  )[0];
  if (!old) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', `No active campaign ${id}.`, { field: 'id' });
  const next: CampaignInput = {
    name: input.name ?? old.name,
    kind: (input.kind ?? old.kind) as CampaignInput['kind'],
    productType: input.productType === undefined ? old.productType : input.productType,
    discountBps: input.discountBps ?? old.discountBps,
    maxRedemptions: input.maxRedemptions === undefined ? old.maxRedemptions : input.maxRedemptions,
    perDeveloperLimit: input.perDeveloperLimit === undefined ? old.perDeveloperLimit : input.perDeveloperLimit,
    startsAt: input.startsAt === undefined ? old.startsAt : input.startsAt,
    endsAt: input.endsAt === undefined ? old.endsAt : input.endsAt,
  };
  checkCampaign(next);
  await tx.update(priceCampaigns).set(next).where(eq(priceCampaigns.id, id));
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.campaign.changed',
    targetType: 'price_campaign',
    targetId: id,
    data: { ...input },
  });
}

export async function retireCampaign(tx: DbOrTx, actor: Actor, id: string, now: Date) {
  const rows = await tx
    .update(priceCampaigns)
    .set({ status: 'RETIRED', retiredAt: now })
    .where(and(eq(priceCampaigns.id, id), eq(priceCampaigns.status, 'ACTIVE')))
    .returning({ id: priceCampaigns.id });
  if (!rows[0]) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', `No active campaign ${id}.`, { field: 'id' });
  await audit(tx, { actorType: 'operator', actorId: actor.operatorId, action: 'pricing.campaign.retired', targetType: 'price_campaign', targetId: id });
}
