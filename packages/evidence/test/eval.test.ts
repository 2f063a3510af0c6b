import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs, runCorpus, summarize, wilson } from '../scripts/eval.js';
import type { SampleResult } from '../scripts/eval.js';
import { median, quantile, rateOf, twins } from '../scripts/eval-stats.js';
import { TINY, writeTinyCorpus } from './tiny-corpus.js';

describe('eval statistics', () => {
  it('computes Wilson 95% intervals', () => {
    const a = wilson(17, 17);
    expect(a.p).toBe(1);
    expect(a.lo).toBeCloseTo(0.816, 3);
    expect(a.hi).toBe(1);
    const b = wilson(0, 14);
    expect(b.lo).toBe(0);
    expect(b.hi).toBeCloseTo(0.215, 3);
    const c = wilson(5, 10);
    expect(c.lo).toBeCloseTo(0.2366, 3);
    expect(c.hi).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 0)).toEqual({ p: 0, lo: 0, hi: 1 });
  });

  it('summarises recall and false-positive rates per label and category', () => {
    const mk = (label: string, category: string, flagged: boolean): SampleResult => ({
      id: `${label}-${category}-${String(flagged)}`,
      label,
      category,
      pairId: null,
      flagged,
      blocked: flagged,
      highRisk: flagged ? 1 : 0,
      promptInjection: 0,
      secrets: 0,
      risk: flagged ? 'HIGH' : 'LOW',
      reasons: [],
      ms: 1,
      analyzeMs: 1,
    });
    const s = summarize([mk('malicious', 'a', true), mk('malicious', 'b', false), mk('benign', 'none', false), mk('dual-use', 'none', true)]);
    expect([s.recall.k, s.recall.n]).toEqual([1, 2]);
    expect([s.benignFp.k, s.benignFp.n]).toEqual([0, 1]);
    expect([s.dualUseFp.k, s.dualUseFp.n]).toEqual([1, 1]);
    expect(s.categories.map((c) => `${c.label}/${c.category}:${c.flagged}/${c.n}`)).toEqual([
      'benign/none:0/1',
      'dual-use/none:1/1',
      'malicious/a:1/1',
      'malicious/b:0/1',
    ]);
  });
});

describe('eval arithmetic', () => {
  const s = (id: string, label: string, flagged: boolean, pairId: string | null = null) => ({ id, label, category: 'c', pairId, flagged });

  it('counts a twin pair as discriminated only when the malicious twin is flagged and its look-alike is not', () => {
    const t = twins([
      s('a1', 'malicious', true, 'a'),
      s('a2', 'benign', false, 'a'), // discriminated
      s('b1', 'malicious', true, 'b'),
      s('b2', 'dual-use', true, 'b'), // both flagged
      s('c1', 'malicious', false, 'c'),
      s('c2', 'benign', false, 'c'), // neither
      s('d1', 'malicious', false, 'd'),
      s('d2', 'dual-use', true, 'd'), // inverted
      s('e1', 'benign', false, 'e'), // incomplete: no malicious member
      s('f1', 'malicious', true, 'f'), // incomplete: alone
      s('x', 'malicious', true),
    ]);
    expect([t.pairs, t.discriminated, t.bothFlagged, t.neitherFlagged, t.inverted]).toEqual([4, 1, 1, 1, 1]);
    expect(t.incomplete).toEqual(['e', 'f']);
    expect(t.list.find((p) => p.pairId === 'a')?.discriminated).toBe(true);
  });

  it('computes rates, medians and nearest-rank p95', () => {
    const r = rateOf([s('1', 'malicious', true), s('2', 'malicious', false), s('3', 'malicious', false), s('4', 'benign', true)], 'malicious');
    expect([r.k, r.n]).toEqual([1, 3]);
    expect(r.lo).toBeCloseTo(0.0615, 4);
    expect(r.hi).toBeCloseTo(0.7923, 4);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 0.95)).toBe(19);
    expect(quantile([3], 0.95)).toBe(3);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('reads --corpus (repeatable) and positional directories', () => {
    expect(parseArgs(['--corpus', '/a', '/b', '--json', '--corpus=/c']).dirs).toEqual(['/a', '/b', '/c']);
    expect(parseArgs(['--verbose', '/a'])).toMatchObject({ json: false, verbose: true });
  });

  it('runs the static engine on a tiny temporary corpus and gets the figures right', async () => {
    const dir = writeTinyCorpus();
    try {
      const sum = summarize(await runCorpus(dir));
      expect(sum.samples.map((r) => r.id)).toEqual(TINY.map((x) => x.id)); // the stray folder is not a sample
      expect([sum.recall.k, sum.recall.n]).toEqual([2, 2]);
      expect(sum.recall.lo).toBeCloseTo(0.3424, 4);
      expect(sum.recall.hi).toBe(1);
      expect([sum.benignFp.k, sum.benignFp.n]).toEqual([0, 3]);
      expect(sum.benignFp.hi).toBeCloseTo(0.5615, 4);
      expect(sum.dualUseFp).toEqual({ k: 0, n: 0, p: 0, lo: 0, hi: 1 });
      expect([sum.twins.pairs, sum.twins.discriminated]).toEqual([1, 1]);
      expect(sum.twins.incomplete).toEqual(['solo']);
      expect(sum.categories.map((c) => `${c.label}/${c.category}:${c.flagged}/${c.n}`)).toEqual([
        'benign/writing:0/3',
        'malicious/reverse-shell:1/1',
        'malicious/supply-chain:1/1',
      ]);
      expect(sum.timing.n).toBe(5);
      expect(sum.timing.medianAnalyzeMs).toBeGreaterThan(0);
      expect(sum.timing.p95AnalyzeMs).toBeGreaterThanOrEqual(sum.timing.medianAnalyzeMs);
      expect(sum.timing.met).toBe(sum.timing.medianAnalyzeMs <= 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
