import { describe, expect, it } from 'vitest';
import { PriceExplanation as PriceExplanationSchema } from '@sigma/core';
import { priceText, quoteLines, type PriceExplanation } from './quote';

const explanation: PriceExplanation = {
  productType: 'SKILL_CODE_PACKAGES',
  currency: { credits: 'CREDIT', usdc: 'USDC', creditsPerUsdc: 100 },
  base: { categoryId: 'c1', credits: 400 },
  signals: {
    capabilities: 4,
    externalHosts: 1,
    declaredEndpoints: 0,
    authenticatedEndpoints: 0,
    mutatingEndpoints: 0,
    fileCount: 3,
    sourceBytes: 900,
    dependencyCount: 2,
    languageCount: 1,
  },
  surfaces: [
    {
      surface: 'SKILL',
      multiplierBps: 12_500,
      rules: [
        { ruleId: 'r1', name: 'Broad capability scope', signal: 'capabilities', value: 4, minValue: 3, multiplierBps: 12_500, applied: true },
        { ruleId: 'r2', name: 'Many external hosts', signal: 'externalHosts', value: 1, minValue: 3, multiplierBps: 12_500, applied: false },
      ],
    },
    {
      surface: 'CODE',
      multiplierBps: 10_000,
      rules: [{ ruleId: 'r3', name: 'Many files', signal: 'fileCount', value: 3, minValue: 20, multiplierBps: 12_500, applied: false }],
    },
  ],
  dominantSurface: 'SKILL',
  multiplierBps: 12_500,
  afterRules: 500,
  packages: { feeId: 'f1', count: 2, creditsPerPackage: 20, credits: 40 },
  listCredits: 540,
  campaign: { campaignId: 'k1', name: 'Launch', kind: 'FIRST_N', discountBps: 2500, credits: 135 },
  discountCredits: 135,
  totalCredits: 405,
  usdc: '4.05',
  usdcMicros: '4050000',
};

describe('quote explanation', () => {
  it('the fixture is what the server sends (the shared schema)', () => {
    expect(PriceExplanationSchema.strict().safeParse(explanation).error).toBeUndefined();
  });

  it('itemises base, every rule, multiplier, packages, list, campaign and total', () => {
    const lines = quoteLines(explanation);
    expect(lines.map((l) => l.kind)).toEqual(['base', 'rule', 'rule', 'rule', 'multiplier', 'packages', 'subtotal', 'campaign', 'total']);
    expect(lines[1]).toMatchObject({ label: 'SKILL: Broad capability scope', detail: '4 capabilities ≥ 3 → ×1.25', applied: true });
    expect(lines[2]).toMatchObject({ detail: '1 external hosts < 3 → not applied', applied: false });
    expect(lines[4]).toMatchObject({ label: 'Multiplier ×1.25', credits: 100 });
    expect(lines[5]).toMatchObject({ detail: '2 × 20 credits', credits: 40 });
    expect(lines[7]).toMatchObject({ label: 'Campaign: Launch', detail: '25% off (first-N), rounded down', credits: -135 });
    expect(lines.at(-1)).toMatchObject({ label: 'Total', detail: '4.05 USDC', credits: 405 });
  });

  it('adds up: base + multiplier + packages − campaign = total', () => {
    const lines = quoteLines(explanation);
    const sum = lines.filter((l) => ['base', 'multiplier', 'packages', 'campaign'].includes(l.kind)).reduce((a, l) => a + (l.credits ?? 0), 0);
    expect(sum).toBe(explanation.totalCredits);
  });

  it('leaves out packages and campaign when there are none', () => {
    const plain = {
      ...explanation,
      productType: 'SKILL',
      packages: null,
      campaign: null,
      discountCredits: 0,
      surfaces: [],
      dominantSurface: null,
      multiplierBps: 10_000,
      afterRules: 400,
      listCredits: 400,
      totalCredits: 400,
      usdc: '4.00',
    };
    expect(quoteLines(plain).map((l) => l.kind)).toEqual(['base', 'multiplier', 'subtotal', 'total']);
    expect(quoteLines(plain)[1]).toMatchObject({ credits: 0, detail: 'no rule applied: 400 ×1, rounded up' });
    expect(priceText({ credits: 100, listCredits: 100, discountCredits: 0 })).toBe('100 credits (1.00 USDC)');
    expect(priceText({ credits: 75, listCredits: 100, discountCredits: 25 })).toBe('75 credits (0.75 USDC), 25 credits off 100');
  });
});
