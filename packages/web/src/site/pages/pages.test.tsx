import { describe, expect, it } from 'vitest';
import { balanceSeries } from './Credits';
import { safeNext } from './Login';
import { choicesFor } from '../studio/choices';
import { stageIndex } from './Submission';

describe('login redirect', () => {
  it('only follows same-site paths after sign-in', () => {
    expect(safeNext('/dashboard/keys')).toBe('/dashboard/keys');
    expect(safeNext(null)).toBe('/dashboard');
    expect(safeNext('https://evil.example/')).toBe('/dashboard');
    expect(safeNext('//evil.example/')).toBe('/dashboard');
    expect(safeNext('/\\evil.example')).toBe('/dashboard');
  });
});

describe('submission stage strip', () => {
  it('places each status on the strip', () => {
    expect(stageIndex('SUBMITTED')).toBe(0);
    expect(stageIndex('SANDBOX')).toBe(1);
    expect(stageIndex('IN_AUDIT')).toBe(2);
    expect(stageIndex('ESCALATED')).toBe(2);
    expect(stageIndex('APPROVED')).toBe(3);
    expect(stageIndex('REJECTED')).toBe(3);
    expect(stageIndex('DRAFT')).toBe(0);
  });
});

describe('credits balance over time', () => {
  it('walks back from today’s balance through the newest-first ledger', () => {
    const line = (at: string, credits: number) => ({ at, kind: 'k', memo: '', refType: null, refId: null, credits, transactionId: at });
    const now = Date.parse('2026-11-03T00:00:00Z');
    const pts = balanceSeries(9_900, [line('2026-11-02T00:00:00Z', -100), line('2026-11-01T00:00:00Z', 10_000)], now);
    expect(pts.map((p) => p.v)).toEqual([0, 10_000, 9_900, 9_900]);
    expect(pts[0]!.t).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(pts.at(-1)!.t).toBe(now);
    expect(balanceSeries(0, [], now)).toEqual([{ t: now, v: 0 }]);
  });
});

describe('studio payment choices', () => {
  it('offers only the methods switched on, and chain methods only with a chain', () => {
    const all = { CREDITS: true, CHAIN_TRANSFER: true, X402: true, VOUCHER: true, WALLET: true, OVERRIDE: true };
    expect(choicesFor({ methods: all, chain: true }).map((c) => c.id)).toEqual(['credits', 'voucher', 'transfer', 'x402', 'override', 'wallet']);
    expect(choicesFor({ methods: all, chain: false }).map((c) => c.id)).toEqual(['credits', 'voucher', 'override', 'wallet']);
    expect(choicesFor({ methods: { ...all, VOUCHER: false, CREDITS: false }, chain: false }).map((c) => c.id)).toEqual(['override', 'wallet']);
  });
});
