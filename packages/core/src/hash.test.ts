import { keccak256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { codeHash, keccak256Hex, normaliseLf, payloadHash, sha256Hex, skillHash } from './hash.js';

describe('hashes', () => {
  it('keccak256 agrees with viem and with the known empty-string digest', () => {
    expect(keccak256Hex('')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    const text = canonicalJson({ z: 1, a: ['é', 1e21] });
    expect(keccak256Hex(text)).toBe(keccak256(stringToBytes(text)));
  });

  it('sha256 of "abc" is the FIPS test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('skillHash normalises CRLF and CR to LF', () => {
    expect(normaliseLf('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(skillHash('# x\r\nbody\r\n')).toBe(skillHash('# x\nbody\n'));
    expect(skillHash(new TextEncoder().encode('# x\n'))).toBe(sha256Hex('# x\n'));
    expect(skillHash('# x\n')).not.toBe(skillHash('# y\n'));
  });

  it('codeHash is order independent and follows the documented line format', () => {
    const files = [
      { path: 'b.py', content: 'print(1)\r\n' },
      { path: 'a.js', content: 'x()\n' },
    ];
    const expected = sha256Hex(`a.js\0${sha256Hex('x()\n')}\nb.py\0${sha256Hex('print(1)\n')}\n`);
    expect(codeHash(files)).toBe(expected);
    expect(codeHash([...files].reverse())).toBe(expected);
  });

  it('payloadHash is keccak256 of the canonical JSON and ignores key order', () => {
    const a = { submissionId: 'ab', nested: { y: 2, x: 1 } };
    const b = { nested: { x: 1, y: 2 }, submissionId: 'ab' };
    expect(payloadHash(a)).toBe(payloadHash(b));
    expect(payloadHash(a)).toBe(keccak256(stringToBytes('{"nested":{"x":1,"y":2},"submissionId":"ab"}')));
    expect(payloadHash({ ...a, submissionId: 'ac' })).not.toBe(payloadHash(a));
  });
});
