import { keccak256, stringToBytes } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { isContractsError } from './errors.js';
import { localDevKey, pluginKey, refKey, submissionKey } from './keys.js';

describe('submissionKey', () => {
  it('is keccak256 of the UTF-8 bytes of the 24-hex id (documented vector)', () => {
    const id = '5ab000000000000000000001';
    expect(submissionKey(id)).toBe(keccak256(stringToBytes(id)));
    expect(submissionKey(id)).toBe('0x5c177255cd07871defdf5a5412b7f856be247297abe1ba5cb79a9e47d25e6103');
  });

  it('rejects anything that is not exactly 24 lowercase hex digits instead of normalising it', () => {
    for (const bad of [
      '',
      '5AB000000000000000000001',
      '5ab00000000000000000001',
      '5ab0000000000000000000011',
      ' 5ab000000000000000000001',
      '5ab00000000000000000000g',
    ]) {
      let err: unknown;
      try {
        submissionKey(bad);
      } catch (e) {
        err = e;
      }
      expect(isContractsError(err, 'INVALID_ID'), JSON.stringify(bad)).toBe(true);
    }
  });
});

describe('other keys', () => {
  it('pluginKey hashes 1–128 characters and rejects the rest', () => {
    expect(pluginKey('p-1')).toBe(keccak256(stringToBytes('p-1')));
    expect(() => pluginKey('')).toThrow(/plugin id/);
    expect(() => pluginKey('x'.repeat(129))).toThrow(/plugin id/);
  });

  it('refKey hashes non-empty references and maps "" to zero', () => {
    expect(refKey('round:1')).toBe(keccak256(stringToBytes('round:1')));
    expect(refKey('')).toBe(`0x${'0'.repeat(64)}`);
  });

  it('localDevKey derives the public Hardhat accounts', () => {
    expect(privateKeyToAccount(localDevKey(0)).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(privateKeyToAccount(localDevKey(1)).address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    expect(() => localDevKey(20)).toThrow(RangeError);
    expect(() => localDevKey(-1)).toThrow(RangeError);
  });
});
