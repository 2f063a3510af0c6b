import { PRICE_SIGNALS, ProductType, type PriceSurface } from '@sigma/core';
import type { CampaignEntry } from '../../lib/open-responses';

/** Constants of the operator pricing API (docs/payments.md), from the schemas the server uses. */
export const PRODUCT_TYPES = ProductType.options;

/** The review-depth signals each surface is priced on (the server refuses any other). */
export const SIGNALS: Record<PriceSurface, readonly string[]> = PRICE_SIGNALS;
export type Surface = PriceSurface;

/** The catalogue's entries: an answer the server's document leaves open (see lib/open-responses.ts). */
export type { CampaignEntry, Catalogue, CategoryEntry, PackageFeeEntry, RuleEntry } from '../../lib/open-responses';

/** Where a campaign stands now, in words: open, not started, ended, used up or retired. */
export function campaignState(c: CampaignEntry, now: number): 'retired' | 'used up' | 'not started' | 'ended' | 'open' {
  if (c.status !== 'ACTIVE') return 'retired';
  if (c.maxRedemptions !== null && c.redeemed >= c.maxRedemptions) return 'used up';
  if (c.startsAt && Date.parse(c.startsAt) > now) return 'not started';
  if (c.endsAt && Date.parse(c.endsAt) <= now) return 'ended';
  return 'open';
}

/** A `datetime-local` value (the operator's local time) as an ISO instant, or null when empty. */
export function localToIso(value: string): string | null {
  if (!value.trim()) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's time zone (for editing). */
export function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A whole number from a form field, null when empty, NaN when not a whole number. */
export function intOrNull(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^\d+$/.test(t) ? Number(t) : NaN;
}
