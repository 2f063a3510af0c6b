import { z } from 'zod';

/**
 * Quotes and their price explanation (docs/payments.md): one schema for the server's price engine,
 * the quote routes (and so the OpenAPI document) and the web app.
 */
export const PriceSurface = z.enum(['SKILL', 'API', 'CODE']);
export type PriceSurface = z.infer<typeof PriceSurface>;

/** The review-depth signals each surface is priced on. */
export const PRICE_SIGNALS = {
  SKILL: ['capabilities', 'externalHosts'],
  API: ['declaredEndpoints', 'authenticatedEndpoints', 'mutatingEndpoints'],
  CODE: ['fileCount', 'sourceBytes', 'dependencyCount', 'languageCount'],
} as const satisfies Record<PriceSurface, readonly string[]>;
export type PriceSignalName = (typeof PRICE_SIGNALS)[PriceSurface][number];
export const PriceSignalName = z.enum([...PRICE_SIGNALS.SKILL, ...PRICE_SIGNALS.API, ...PRICE_SIGNALS.CODE]);
export const PriceSignals = z.record(PriceSignalName, z.number());
export type PriceSignals = z.infer<typeof PriceSignals>;

export const PriceRuleLine = z.object({
  ruleId: z.string(),
  name: z.string(),
  signal: PriceSignalName,
  value: z.number(),
  minValue: z.number(),
  multiplierBps: z.number(),
  applied: z.boolean(),
});
export type PriceRuleLine = z.infer<typeof PriceRuleLine>;

/** How a price was worked out: integer credits (1 credit = 0.01 USDC), multipliers in basis points. */
export const PriceExplanation = z.object({
  productType: z.string(),
  currency: z.object({ credits: z.literal('CREDIT'), usdc: z.literal('USDC'), creditsPerUsdc: z.number() }),
  base: z.object({ categoryId: z.string(), credits: z.number() }),
  signals: PriceSignals,
  surfaces: z.array(z.object({ surface: PriceSurface, multiplierBps: z.number(), rules: z.array(PriceRuleLine) })),
  /** The surface whose multiplier was used (the heaviest), or null when no surface rule applied. */
  dominantSurface: PriceSurface.nullable(),
  multiplierBps: z.number(),
  afterRules: z.number(),
  packages: z.object({ feeId: z.string().nullable(), count: z.number(), creditsPerPackage: z.number(), credits: z.number() }).nullable(),
  listCredits: z.number(),
  campaign: z.object({ campaignId: z.string(), name: z.string(), kind: z.string(), discountBps: z.number(), credits: z.number() }).nullable(),
  discountCredits: z.number(),
  totalCredits: z.number(),
  usdc: z.string(),
  usdcMicros: z.string(),
});
export type PriceExplanation = z.infer<typeof PriceExplanation>;

/** What a stored quote keeps: its explanation, bound to the engine and the exact content it priced. */
export const QuoteExplanation = PriceExplanation.extend({
  quoteId: z.string(),
  engineVersion: z.string(),
  contentHash: z.string(),
  quotedAt: z.string(),
  expiresAt: z.string(),
});
export type QuoteExplanation = z.infer<typeof QuoteExplanation>;

/** A quote as `POST /api/v1/dev/quotes` and `GET /api/v1/dev/quotes/:id` return it. */
export const Quote = z.object({
  quoteId: z.string(),
  status: z.string(),
  productType: z.string(),
  contentHash: z.string(),
  credits: z.number().int(),
  usdc: z.string(),
  usdcMicros: z.string(),
  listCredits: z.number().int(),
  discountCredits: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
  submissionId: z.string().nullable(),
  explanation: QuoteExplanation,
});
export type Quote = z.infer<typeof Quote>;
