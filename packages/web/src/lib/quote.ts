import type { ResponseOf } from './api';
import { creditsToUsdc, formatCredits, formatInt, formatMultiplier, formatPercentBps } from './money';

/** A quote (`POST /api/v1/dev/quotes`) and its explanation, as the OpenAPI document has them (docs/payments.md). */
export type Quote = ResponseOf<'post', '/api/v1/dev/quotes'>;
/** How a price was worked out; a stored quote's explanation also names the quote, engine and content it priced. */
export type PriceExplanation = Omit<Quote['explanation'], 'quoteId' | 'engineVersion' | 'contentHash' | 'quotedAt' | 'expiresAt'>;
export type PriceRuleLine = Quote['explanation']['surfaces'][number]['rules'][number];

export interface QuoteLine {
  /** What the line is, in words. */
  label: string;
  /** How it was worked out. */
  detail: string;
  /** The amount in credits the line adds (negative for a discount), or null for a line that only explains. */
  credits: number | null;
  kind: 'base' | 'rule' | 'multiplier' | 'packages' | 'subtotal' | 'campaign' | 'total';
  applied?: boolean;
}

const SIGNAL_WORDS: Record<string, string> = {
  capabilities: 'capabilities',
  externalHosts: 'external hosts',
  declaredEndpoints: 'declared endpoints',
  authenticatedEndpoints: 'authenticated endpoints',
  mutatingEndpoints: 'mutating endpoints',
  fileCount: 'files',
  sourceBytes: 'source bytes',
  dependencyCount: 'dependencies',
  languageCount: 'languages',
};
export const signalWords = (s: string) => SIGNAL_WORDS[s] ?? s;

/**
 * The price, itemised as the server computed it: base, every rule considered (applied or not), the
 * dominant multiplier, the package fee, the list price, the campaign and the total. The lines add up:
 * afterRules + packages − discount = total, which the tests check.
 */
export function quoteLines(e: PriceExplanation): QuoteLine[] {
  const lines: QuoteLine[] = [
    { label: `Base price (${e.productType})`, detail: 'The category price in the operator catalogue', credits: e.base.credits, kind: 'base' },
  ];
  for (const s of e.surfaces) {
    for (const r of s.rules) {
      lines.push({
        label: `${s.surface}: ${r.name}`,
        detail: `${formatInt(r.value)} ${signalWords(r.signal)} ${r.applied ? '≥' : '<'} ${formatInt(r.minValue)} → ${r.applied ? formatMultiplier(r.multiplierBps) : 'not applied'}`,
        credits: null,
        kind: 'rule',
        applied: r.applied,
      });
    }
  }
  const dominant = e.dominantSurface ? `the heaviest surface, ${e.dominantSurface}` : 'no rule applied';
  lines.push({
    label: `Multiplier ${formatMultiplier(e.multiplierBps)}`,
    detail: `${dominant}: ${formatInt(e.base.credits)} ${formatMultiplier(e.multiplierBps)}, rounded up`,
    credits: e.afterRules - e.base.credits,
    kind: 'multiplier',
  });
  if (e.packages) {
    lines.push({
      label: 'Packages not yet certified',
      detail: `${formatInt(e.packages.count)} × ${formatCredits(e.packages.creditsPerPackage)}`,
      credits: e.packages.credits,
      kind: 'packages',
    });
  }
  lines.push({ label: 'List price', detail: '', credits: e.listCredits, kind: 'subtotal' });
  if (e.campaign) {
    lines.push({
      label: `Campaign: ${e.campaign.name}`,
      detail: `${formatPercentBps(e.campaign.discountBps)} off (${e.campaign.kind === 'FIRST_N' ? 'first-N' : 'time window'}), rounded down`,
      credits: -e.discountCredits,
      kind: 'campaign',
    });
  }
  lines.push({ label: 'Total', detail: `${e.usdc} USDC`, credits: e.totalCredits, kind: 'total' });
  return lines;
}

/** One line of text for a price: `100 credits (1.00 USDC)`, with the discount when there is one. */
export function priceText(q: { credits: number; listCredits: number; discountCredits: number }): string {
  const base = `${formatCredits(q.credits)} (${creditsToUsdc(q.credits)} USDC)`;
  return q.discountCredits > 0 ? `${base}, ${formatCredits(q.discountCredits)} off ${formatInt(q.listCredits)}` : base;
}

/** Milliseconds until the quote expires (negative once it has). */
export const quoteMsLeft = (q: { expiresAt: string }, now: number) => new Date(q.expiresAt).getTime() - now;
