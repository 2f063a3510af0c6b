import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and serialises numbers the ES way', () => {
    // RFC 8785 §3.2.2 example values
    const value = {
      // eslint-disable-next-line no-loss-of-precision -- RFC 8785 test vector on purpose
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(value)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('orders keys independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    // U+20AC sorts after "\r" and before U+1F600 (surrogate pair D83D) by code unit
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 })).toBe('{"\\r":2,"€":1,"😀":3}');
  });

  it('rejects values JCS cannot represent', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/not a JSON value/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson(new Date(0))).toThrow(/plain object/);
    expect(() => canonicalJson('\ud800')).toThrow(/Lone surrogate/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow();
  });
});
