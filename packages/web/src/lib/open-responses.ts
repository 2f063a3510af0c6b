import type { Get, ResponseOf } from './api';
import type { Loaded } from './hooks';

/**
 * Answers the server's OpenAPI document leaves open: their routes declare `z.record(string, unknown)`
 * (packages/server/src/planes/operator/payments-schemas.ts `Any`, planes/dev/payments.ts and chain-payments.ts
 * for intents), so the generated types say only "an object". Until those routes name their fields, the
 * shapes the web app reads from them are written here, from the server's view functions
 * (`catalogueView`, `intentView`, `listVouchers`, `listWallets`, `listOverrides`), and nowhere else.
 *
 * `StillOpen` below stops compiling as soon as the document types one of them: then use `Get<…>` for it
 * and delete its shape here (docs/web.md, "Typed API client").
 */

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
  surface: 'SKILL' | 'API' | 'CODE';
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

/** `GET /api/v1/operator/pricing/catalogue`. */
export interface Catalogue {
  categories: CategoryEntry[];
  rules: RuleEntry[];
  packageFees: PackageFeeEntry[];
  campaigns: CampaignEntry[];
}

/** One row of `GET /api/v1/operator/payments/vouchers`. */
export interface Voucher {
  code: string;
  maxUses: number | null;
  perDeveloperLimit: number | null;
  redeemed: number;
  expiresAt: string | null;
  status: string;
  note: string;
  createdAt: string;
}

/** One row of `GET /api/v1/operator/payments/wallets`. */
export interface WalletEntry {
  address: string;
  note: string;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

/** One row of `GET /api/v1/operator/payments/free-overrides`. */
export interface Override {
  id: string;
  developerId: string;
  productType: string | null;
  reason: string;
  createdAt: string;
  usedAt: string | null;
  submissionId: string | null;
  revokedAt: string | null;
}

/** A payment intent: `GET|POST /api/v1/dev/payment-intents…` and its `/confirm`. */
export interface Intent {
  intentId: string;
  status: string;
  purpose: 'SUBMISSION' | 'TOPUP' | (string & {});
  method: string;
  quoteId: string | null;
  credits: number;
  amount: { asset: string; network: string; micros: string; usdc: string };
  payTo: string;
  payer: string | null;
  txHash: string | null;
  submissionId: string | null;
  failureReason: string | null;
  expiresAt: string;
  confirmedAt: string | null;
  consumedAt: string | null;
  createdAt: string;
}

/** True while the document types `T` as an open object (any string key). */
type Open<T> = string extends keyof T ? true : false;
/** Compiles only while every answer above is still open in the document. */
export type StillOpen = [
  Open<Get<'/api/v1/operator/pricing/catalogue'>>,
  Open<Get<'/api/v1/operator/payments/vouchers'>['vouchers'][number]>,
  Open<Get<'/api/v1/operator/payments/wallets'>['wallets'][number]>,
  Open<Get<'/api/v1/operator/payments/free-overrides'>['overrides'][number]>,
  Open<Get<'/api/v1/dev/payment-intents'>['intents'][number]>,
  Open<Get<'/api/v1/dev/payment-intents/{id}'>>,
  Open<ResponseOf<'post', '/api/v1/dev/payment-intents'>>,
  Open<ResponseOf<'post', '/api/v1/dev/payment-intents/{id}/confirm'>>,
] extends [true, true, true, true, true, true, true, true]
  ? true
  : never;
export const STILL_OPEN: StillOpen = true;

/** Read an open answer as its shape above: the one place the web takes these answers on trust. */
export const openAs = <T>(value: { [key: string]: unknown }): T => value as unknown as T;
/** `useApi` of an open answer, typed as its shape above. */
export const loadedAs = <T>(loaded: Loaded<{ [key: string]: unknown }>): Loaded<T> => loaded as unknown as Loaded<T>;
