import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { modelCatalogue } from '../db/schema/index.js';

/**
 * The model catalogue (SPEC §5): ids, families and prices per provider, in `sigma_usage.model_catalogue`.
 * Prices are integers: micro-USD (1e-6 USD) per million tokens. `models.sync` fills it from the bundled
 * file (offline) and from each configured provider's `GET /models`; provider values win over bundled ones.
 */
export const BUNDLED_CATALOGUE_FILE = new URL('./catalogue.bundled.json', import.meta.url);

const BundledModel = z.object({
  provider: z.string().min(1).max(64),
  modelId: z.string().min(1).max(200),
  family: z.string().min(1).max(64),
  inMicroUsdPerMTok: z.number().int().nonnegative(),
  outMicroUsdPerMTok: z.number().int().nonnegative(),
  contextLength: z.number().int().positive().nullable(),
});
export const BundledCatalogue = z.object({
  version: z.literal(1),
  pricesAsOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string(),
  models: z.array(BundledModel),
});
export type BundledCatalogue = z.infer<typeof BundledCatalogue>;
export type BundledModel = z.infer<typeof BundledModel>;

export function loadBundledCatalogue(file: string | URL = BUNDLED_CATALOGUE_FILE): BundledCatalogue {
  return BundledCatalogue.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface Price {
  /** Micro-USD per million input tokens. */
  inPerMTok: number;
  /** Micro-USD per million output tokens. */
  outPerMTok: number;
}

/**
 * Cost of one call in integer micro-USD: (tokensIn × inPrice + tokensOut × outPrice) / 1,000,000, computed
 * exactly in integers and rounded half up once per call.
 */
export function costMicroUsd(tokensIn: number, tokensOut: number, price: Price): number {
  const num = BigInt(Math.max(0, Math.trunc(tokensIn))) * BigInt(price.inPerMTok) + BigInt(Math.max(0, Math.trunc(tokensOut))) * BigInt(price.outPerMTok);
  return Number((num + 500_000n) / 1_000_000n);
}

const FAMILY_RULES: Array<[RegExp, string]> = [
  [/claude/, 'claude'],
  [/(^|[^a-z])(chat)?gpt|^o[1-9](-|$)/, 'gpt'],
  [/llama/, 'llama'],
  [/qwen|qwq/, 'qwen'],
  [/mistral|mixtral|ministral|codestral|pixtral|magistral|devstral/, 'mistral'],
  [/gemini/, 'gemini'],
  [/gemma/, 'gemma'],
  [/deepseek/, 'deepseek'],
  [/(^|[^a-z])phi-?\d/, 'phi'],
  [/command/, 'command'],
  [/grok/, 'grok'],
  [/kimi|moonshot/, 'kimi'],
  [/glm/, 'glm'],
];

/**
 * The model family of an id not in the catalogue: the lineage it belongs to (`gpt`, `claude`, `llama`, …),
 * else the vendor prefix (`acme/foo` → `acme`), else the first word of the id. Built-in offline reviewers
 * (`sigma-<family>/<variant>`) keep their family.
 */
export function deriveFamily(modelId: string): string {
  const id = modelId.trim().toLowerCase();
  if (id.startsWith('sigma-')) return id.split('/')[0]!;
  const slash = id.lastIndexOf('/');
  const name = slash >= 0 ? id.slice(slash + 1) : id;
  for (const [re, family] of FAMILY_RULES) if (re.test(name)) return family;
  if (slash > 0) return id.slice(0, id.indexOf('/')).replace(/[^a-z0-9-]/g, '') || 'unknown';
  return /^[a-z]+/.exec(name)?.[0] ?? 'unknown';
}

/** A model as listed by `GET /models` (OpenAI shape; OpenRouter adds `pricing` per token in USD and `context_length`). */
export interface ListedModel {
  id: string;
  pricing?: { prompt?: unknown; completion?: unknown } | null;
  context_length?: unknown;
}

/** USD per token as a decimal string ("0.0000025") → integer micro-USD per million tokens; null when unknown or negative. */
export function usdPerTokenToMicroPerMTok(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v * 1e12) : null;
  if (typeof v !== 'string') return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) {
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 && /^[\d.eE+-]+$/.test(v.trim()) ? Math.round(n * 1e12) : null;
  }
  // value × 10^12 exactly: integer part and up to 12 fraction digits, then round on the 13th.
  const frac = (m[2] ?? '').padEnd(13, '0');
  const scaled = BigInt(m[1]!) * 10n ** 12n + BigInt(frac.slice(0, 12)) + (Number(frac[12]) >= 5 ? 1n : 0n);
  return scaled > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(scaled);
}

export type CatalogueRow = typeof modelCatalogue.$inferSelect;

/** Write the bundled rows; a row already refreshed from its provider is left alone. Returns rows written. */
export async function upsertBundled(db: DbOrTx, bundled: BundledCatalogue, now: Date): Promise<number> {
  let n = 0;
  for (const m of bundled.models) {
    const row = {
      id: `${m.provider}:${m.modelId}`,
      provider: m.provider,
      modelId: m.modelId,
      family: m.family,
      priceInPerMTok: m.inMicroUsdPerMTok,
      priceOutPerMTok: m.outMicroUsdPerMTok,
      contextLength: m.contextLength,
      source: 'bundled',
      updatedAt: now,
    };
    const res = await db
      .insert(modelCatalogue)
      .values(row)
      .onConflictDoUpdate({
        target: modelCatalogue.id,
        set: { family: row.family, priceInPerMTok: row.priceInPerMTok, priceOutPerMTok: row.priceOutPerMTok, contextLength: row.contextLength, updatedAt: now },
        setWhere: eq(modelCatalogue.source, 'bundled'),
      })
      .returning({ id: modelCatalogue.id });
    n += res.length;
  }
  return n;
}

/**
 * Write one provider's listed models. Family: the bundled entry of the same id, else derived. Price: the
 * provider's own (OpenRouter `pricing`), else the bundled entry of the same id (this provider first, then any
 * provider, then the id without its vendor prefix); a model with no known price is stored at 0 with source
 * `provider-unpriced`, so its calls show as unpriced rather than free.
 */
export async function upsertProviderModels(db: DbOrTx, provider: string, listed: ListedModel[], bundled: BundledCatalogue, now: Date): Promise<number> {
  const bare = (id: string) => id.slice(id.lastIndexOf('/') + 1).toLowerCase();
  let n = 0;
  const seen = new Set<string>();
  for (const m of listed) {
    if (typeof m.id !== 'string' || !m.id || m.id.length > 200 || seen.has(m.id)) continue;
    seen.add(m.id);
    const known =
      bundled.models.find((b) => b.provider === provider && b.modelId === m.id) ??
      bundled.models.find((b) => b.modelId === m.id) ??
      bundled.models.find((b) => bare(b.modelId) === bare(m.id));
    const pin = usdPerTokenToMicroPerMTok(m.pricing?.prompt);
    const pout = usdPerTokenToMicroPerMTok(m.pricing?.completion);
    const priced = pin !== null && pout !== null;
    const ctx =
      typeof m.context_length === 'number' && Number.isInteger(m.context_length) && m.context_length > 0 ? m.context_length : (known?.contextLength ?? null);
    const row = {
      id: `${provider}:${m.id}`,
      provider,
      modelId: m.id,
      family: known?.family ?? deriveFamily(m.id),
      priceInPerMTok: priced ? pin : (known?.inMicroUsdPerMTok ?? 0),
      priceOutPerMTok: priced ? pout : (known?.outMicroUsdPerMTok ?? 0),
      contextLength: ctx,
      source: priced || known ? 'provider' : 'provider-unpriced',
      updatedAt: now,
    };
    await db
      .insert(modelCatalogue)
      .values(row)
      .onConflictDoUpdate({
        target: modelCatalogue.id,
        set: {
          family: row.family,
          priceInPerMTok: row.priceInPerMTok,
          priceOutPerMTok: row.priceOutPerMTok,
          contextLength: row.contextLength,
          source: row.source,
          updatedAt: now,
        },
      });
    n++;
  }
  return n;
}

export async function catalogueEntry(db: DbOrTx, provider: string, modelId: string): Promise<CatalogueRow | undefined> {
  return (
    await db
      .select()
      .from(modelCatalogue)
      .where(and(eq(modelCatalogue.provider, provider), eq(modelCatalogue.modelId, modelId)))
      .limit(1)
  )[0];
}

export async function listCatalogue(db: DbOrTx, providers?: string[]): Promise<CatalogueRow[]> {
  const q = db.select().from(modelCatalogue);
  const rows = providers ? await q.where(inArray(modelCatalogue.provider, providers)) : await q;
  return rows.sort((a, b) => (a.provider === b.provider ? (a.modelId < b.modelId ? -1 : 1) : a.provider < b.provider ? -1 : 1));
}

/** Prices for cost accounting, read from the catalogue and cached briefly (a sync shows within `ttlMs`). */
export class PriceBook {
  private cache: { at: number; prices: Map<string, Price> } | null = null;
  constructor(
    private readonly db: DbOrTx,
    private readonly ttlMs = 60_000,
  ) {}

  async price(provider: string, modelId: string): Promise<Price | null> {
    if (!this.cache || Date.now() - this.cache.at > this.ttlMs) {
      const rows = await this.db.select().from(modelCatalogue);
      this.cache = { at: Date.now(), prices: new Map(rows.map((r) => [r.id, { inPerMTok: r.priceInPerMTok, outPerMTok: r.priceOutPerMTok }])) };
    }
    return this.cache.prices.get(`${provider}:${modelId}`) ?? null;
  }

  invalidate(): void {
    this.cache = null;
  }
}
