import { and, asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import { newId24 } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { priceCampaigns, priceCategories, pricePackageFees, priceRules } from '../../db/schema/index.js';
import type { Catalogue, CatalogueRule, SignalName, Surface } from './engine.js';

/**
 * The pricing catalogue is operator data. Categories, rules and the package fee are versioned: a
 * change retires the row and inserts a new one, so every stored quote keeps pointing at the exact
 * entries it was priced with. Campaigns are changed in place (their counters must persist).
 * Every change is written to the audit log by the caller's operator (catalogue-entries.ts, campaigns.ts).
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
