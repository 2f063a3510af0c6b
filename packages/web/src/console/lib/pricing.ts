/** Shapes and constants of the operator pricing API (docs/payments.md). */

export const PRODUCT_TYPES = ['SKILL', 'API', 'SKILL_API', 'CODE', 'CODE_PACKAGES', 'SKILL_CODE', 'SKILL_CODE_PACKAGES', 'SKILL_API_CODE_PACKAGES'] as const;

/** The review-depth signals each surface is priced on (the server refuses any other). */
export const SIGNALS: Record<'SKILL' | 'API' | 'CODE', readonly string[]> = {
  SKILL: ['capabilities', 'externalHosts'],
  API: ['declaredEndpoints', 'authenticatedEndpoints', 'mutatingEndpoints'],
  CODE: ['fileCount', 'sourceBytes', 'dependencyCount', 'languageCount'],
};
export type Surface = keyof typeof SIGNALS;

export interface CategoryEntry {
  id: string;
  productType: string;
  baseCredits: number;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface RuleEntry {
  id: string;
  name: string;
  surface: Surface;
  signal: string;
  minValue: number;
  multiplierBps: number;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface PackageFeeEntry {
  id: string;
  creditsPerPackage: number;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface CampaignEntry {
  id: string;
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  productType: string | null;
  discountBps: number;
  maxRedemptions: number | null;
  perDeveloperLimit: number | null;
  startsAt: string | null;
  endsAt: string | null;
  redeemed: number;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface Catalogue {
  categories: CategoryEntry[];
  rules: RuleEntry[];
  packageFees: PackageFeeEntry[];
  campaigns: CampaignEntry[];
}

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
