import { describe, expect, it } from 'vitest';
import { computePrice, countDependencies, formatUsdc, signalsOf, surfacesOf, type Catalogue, type Signals } from './engine.js';
import { makeEvidence } from '../../../test/fixtures.js';

const zero: Signals = {
  capabilities: 0,
  externalHosts: 0,
  declaredEndpoints: 0,
  authenticatedEndpoints: 0,
  mutatingEndpoints: 0,
  fileCount: 0,
  sourceBytes: 0,
  dependencyCount: 0,
  languageCount: 0,
};
const cat = (productType: string, baseCredits: number): Catalogue => ({
  category: { id: 'cat', productType, baseCredits },
  rules: [
    { id: 'r1', name: 'caps', surface: 'SKILL', signal: 'capabilities', minValue: 3, multiplierBps: 12_500 },
    { id: 'r2', name: 'hosts', surface: 'SKILL', signal: 'externalHosts', minValue: 2, multiplierBps: 12_000 },
    { id: 'r3', name: 'mutating', surface: 'API', signal: 'mutatingEndpoints', minValue: 1, multiplierBps: 20_000 },
    { id: 'r4', name: 'deps', surface: 'CODE', signal: 'dependencyCount', minValue: 10, multiplierBps: 13_000 },
  ],
  packageFee: { id: 'fee', creditsPerPackage: 7 },
});

describe('computePrice', () => {
  it('is the base price when no rule applies, in credits and USDC', () => {
    const p = computePrice('SKILL', cat('SKILL', 100), zero, null);
    expect(p.totalCredits).toBe(100);
    expect(p.usdc).toBe('1.00');
    expect(p.usdcMicros).toBe('1000000');
    expect(p.dominantSurface).toBeNull();
    expect(p.surfaces[0]!.rules.every((r) => !r.applied)).toBe(true);
  });

  it('multiplies the rules of one surface and explains each', () => {
    const p = computePrice('SKILL', cat('SKILL', 100), { ...zero, capabilities: 3, externalHosts: 5 }, null);
    expect(p.multiplierBps).toBe(15_000); // 1.25 × 1.2
    expect(p.totalCredits).toBe(150);
    expect(
      p.surfaces[0]!.rules.filter((r) => r.applied)
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['r1', 'r2']);
  });

  it('lets the heavier surface dominate a mixed category instead of stacking surfaces', () => {
    const p = computePrice('SKILL_API', cat('SKILL_API', 100), { ...zero, capabilities: 4, mutatingEndpoints: 2 }, null);
    expect(p.dominantSurface).toBe('API');
    expect(p.multiplierBps).toBe(20_000); // not 1.25 × 2
    expect(p.totalCredits).toBe(200);
  });

  it('adds the per-package fee only for *_PACKAGES categories', () => {
    const s = { ...zero, dependencyCount: 12 };
    expect(computePrice('CODE', cat('CODE', 100), s, null).packages).toBeNull();
    const p = computePrice('CODE_PACKAGES', cat('CODE_PACKAGES', 100), s, null);
    expect(p.packages).toMatchObject({ count: 12, creditsPerPackage: 7, credits: 84 });
    expect(p.listCredits).toBe(130 + 84);
  });

  it('applies a campaign discount in whole credits, rounded in the customer’s favour', () => {
    const p = computePrice('SKILL', cat('SKILL', 99), zero, { id: 'c', name: 'launch', kind: 'FIRST_N', discountBps: 5_000 });
    expect(p.discountCredits).toBe(49);
    expect(p.totalCredits).toBe(50);
    expect(p.campaign).toMatchObject({ campaignId: 'c', credits: 49 });
    const free = computePrice('SKILL', cat('SKILL', 99), zero, { id: 'c', name: 'free', kind: 'WINDOW', discountBps: 10_000 });
    expect(free.totalCredits).toBe(0);
  });

  it('refuses to price a category without an active entry', () => {
    expect(() => computePrice('API', { category: null, rules: [], packageFee: null }, zero, null)).toThrow();
  });
});

describe('signals', () => {
  it('derives the surfaces of every category', () => {
    expect(surfacesOf('SKILL_API_CODE_PACKAGES')).toEqual(['SKILL', 'API', 'CODE']);
    expect(surfacesOf('CODE_PACKAGES')).toEqual(['CODE']);
  });

  it('counts capabilities, endpoints and code signals from the evidence', () => {
    const report = makeEvidence({
      manifest: {
        ...makeEvidence().manifest,
        capabilities: ['fs.read', 'net', 'net'],
        externalCalls: [
          { url: 'https://a.example/x', method: 'GET', auth: 'none', reason: '' },
          { url: 'https://a.example/y', method: 'post', auth: 'bearer', reason: '' },
        ],
      },
      facts: {
        shell: true,
        network: true,
        externalHosts: ['a.example'],
        files: [
          { path: 'SKILL.md', bytes: 10, sha256: 'x', kind: 'markdown', analyzed: true },
          { path: 'src/a.ts', bytes: 20, sha256: 'y', kind: 'script', analyzed: true },
          { path: 'tool.py', bytes: 30, sha256: 'z', kind: 'script', analyzed: true },
        ],
      },
    });
    const pkg = {
      path: 'package.json',
      bytes: new TextEncoder().encode(JSON.stringify({ dependencies: { a: '1.0.0', b: '2.0.0' }, devDependencies: { c: '1' } })),
    };
    const req = { path: 'requirements.txt', bytes: new TextEncoder().encode('requests==2.0\n# comment\n-r other.txt\nflask>=3\n') };
    const s = signalsOf(report, [pkg, req]);
    expect(s).toEqual({
      capabilities: 4,
      externalHosts: 1,
      declaredEndpoints: 2,
      authenticatedEndpoints: 1,
      mutatingEndpoints: 1,
      fileCount: 3,
      sourceBytes: 60,
      dependencyCount: 4,
      languageCount: 2,
    });
    expect(countDependencies([{ path: 'package.json', bytes: new TextEncoder().encode('{not json') }])).toBe(0);
  });

  it('formats micro-USDC exactly', () => {
    expect(formatUsdc(1_234_500n)).toBe('1.2345');
    expect(formatUsdc(0n)).toBe('0.00');
    expect(formatUsdc(10_000n)).toBe('0.01');
  });
});
