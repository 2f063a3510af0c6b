import { PRICE_SIGNALS, type EvidenceReport, type PriceExplanation, type PriceSignalName, type PriceSignals, type PriceSurface } from '@sigma/core';

/**
 * The price of a draft, computed from operator data (the catalogue) and the review-depth signals of
 * a dry-run of the evidence engine. Pure and integer-only: credits (1 credit = 0.01 USDC),
 * multipliers in basis points (10,000 = ×1). See docs/payments.md.
 */
export const CREDITS_PER_USDC = 100;
export const MICROS_PER_CREDIT = 10_000n; // 1 USDC = 1,000,000 micro-USDC = 100 credits
export const BPS = 10_000;

export type Surface = PriceSurface;
/** The signals each surface is priced on (the names live in `@sigma/core` with the quote schema). */
export const SIGNALS = PRICE_SIGNALS;
export type SignalName = PriceSignalName;
export type Signals = PriceSignals;
export type { PriceExplanation };

/** The surfaces a category reviews. In a mixed category the heavier surface dominates. */
export function surfacesOf(productType: string): Surface[] {
  const out: Surface[] = [];
  if (productType.includes('SKILL')) out.push('SKILL');
  if (productType.includes('API')) out.push('API');
  if (productType.includes('CODE')) out.push('CODE');
  return out;
}
export const hasPackages = (productType: string) => productType.endsWith('PACKAGES');

export interface CatalogueRule {
  id: string;
  name: string;
  surface: Surface;
  signal: SignalName;
  minValue: number;
  multiplierBps: number;
}
export interface CatalogueCampaign {
  id: string;
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  discountBps: number;
}
export interface Catalogue {
  category: { id: string; productType: string; baseCredits: number } | null;
  rules: CatalogueRule[];
  packageFee: { id: string; creditsPerPackage: number } | null;
}

const mulBps = (credits: number, bps: number) => Math.ceil((credits * bps) / BPS);

/** Price a draft. `campaign` is the campaign slot already claimed for it (or null). */
export function computePrice(productType: string, cat: Catalogue, signals: Signals, campaign: CatalogueCampaign | null): PriceExplanation {
  if (!cat.category) throw new Error(`no active price for ${productType}`);
  const surfaces = surfacesOf(productType).map((surface) => {
    let m = BPS;
    const rules = cat.rules
      .filter((r) => r.surface === surface)
      .sort((a, b) => a.signal.localeCompare(b.signal) || a.minValue - b.minValue || a.id.localeCompare(b.id))
      .map((r) => {
        const value = signals[r.signal] ?? 0;
        const applied = value >= r.minValue;
        if (applied) m = Math.round((m * r.multiplierBps) / BPS);
        return { ruleId: r.id, name: r.name, signal: r.signal, value, minValue: r.minValue, multiplierBps: r.multiplierBps, applied };
      });
    return { surface, multiplierBps: m, rules };
  });
  // The heavier surface dominates: the largest surface multiplier is used, not their product.
  let dominant: (typeof surfaces)[number] | null = null;
  for (const s of surfaces) if (s.rules.some((r) => r.applied) && (!dominant || s.multiplierBps > dominant.multiplierBps)) dominant = s;
  const multiplierBps = dominant?.multiplierBps ?? BPS;
  const afterRules = mulBps(cat.category.baseCredits, multiplierBps);
  let packages: PriceExplanation['packages'] = null;
  if (hasPackages(productType)) {
    const per = cat.packageFee?.creditsPerPackage ?? 0;
    const count = signals.dependencyCount;
    packages = { feeId: cat.packageFee?.id ?? null, count, creditsPerPackage: per, credits: per * count };
  }
  const listCredits = afterRules + (packages?.credits ?? 0);
  const discountCredits = campaign ? Math.min(listCredits, Math.floor((listCredits * campaign.discountBps) / BPS)) : 0;
  const totalCredits = listCredits - discountCredits;
  const micros = BigInt(totalCredits) * MICROS_PER_CREDIT;
  return {
    productType,
    currency: { credits: 'CREDIT', usdc: 'USDC', creditsPerUsdc: CREDITS_PER_USDC },
    base: { categoryId: cat.category.id, credits: cat.category.baseCredits },
    signals,
    surfaces,
    dominantSurface: dominant?.surface ?? null,
    multiplierBps,
    afterRules,
    packages,
    listCredits,
    campaign: campaign
      ? { campaignId: campaign.id, name: campaign.name, kind: campaign.kind, discountBps: campaign.discountBps, credits: discountCredits }
      : null,
    discountCredits,
    totalCredits,
    usdc: formatUsdc(micros),
    usdcMicros: micros.toString(),
  };
}

export function formatUsdc(micros: bigint): string {
  const neg = micros < 0n;
  const m = neg ? -micros : micros;
  const whole = m / 1_000_000n;
  const frac = (m % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

const LANGUAGES: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  py: 'python',
  sh: 'shell',
  bash: 'shell',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  php: 'php',
  ps1: 'powershell',
};
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Review-depth signals of a draft, from the dry-run evidence report and the submitted files. */
export function signalsOf(report: EvidenceReport, files: Array<{ path: string; bytes: Uint8Array }>): Signals {
  const f = report.sourceFacts;
  const flags = [f.shell, f.env, f.process, f.filesystem, f.wallet, f.network].filter(Boolean).length;
  const calls = report.manifest.externalCalls;
  const langs = new Set<string>();
  for (const e of f.files) {
    const ext = /\.([a-z0-9]+)$/i.exec(e.path)?.[1]?.toLowerCase();
    if (ext && LANGUAGES[ext]) langs.add(LANGUAGES[ext]);
  }
  return {
    capabilities: new Set(report.manifest.capabilities).size + flags,
    externalHosts: f.externalHosts.length,
    declaredEndpoints: calls.length,
    authenticatedEndpoints: calls.filter((c) => c.auth && !/^(none|no|false|)$/i.test(c.auth.trim())).length,
    mutatingEndpoints: calls.filter((c) => MUTATING.has(c.method.toUpperCase())).length,
    fileCount: f.files.length,
    sourceBytes: f.files.reduce((n, e) => n + e.bytes, 0),
    dependencyCount: countDependencies(files),
    languageCount: langs.size,
  };
}

/** Declared dependencies in package.json (dependencies + optional + peer) and requirements.txt. */
export function countDependencies(files: Array<{ path: string; bytes: Uint8Array }>): number {
  const names = new Set<string>();
  for (const file of files) {
    const base = file.path.split('/').pop();
    const text = Buffer.from(file.bytes).toString('utf8');
    if (base === 'package.json') {
      try {
        const pkg = JSON.parse(text) as Record<string, unknown>;
        for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
          const deps = pkg[k];
          if (deps && typeof deps === 'object') for (const n of Object.keys(deps)) names.add(`npm:${n}`);
        }
      } catch {
        // an unparsable manifest is the evidence engine's finding, not a pricing input
      }
    } else if (base === 'requirements.txt') {
      for (const line of text.split(/\r?\n/)) {
        const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*/, ''))?.[1];
        if (name && !line.trim().startsWith('-')) names.add(`pypi:${name.toLowerCase()}`);
      }
    }
  }
  return names.size;
}
