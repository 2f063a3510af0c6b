import { readFileSync } from 'node:fs';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { payloadHash } from './hash.js';

// Keeps docs/hashing.md true: every value of its worked example is recomputed here.
const doc = readFileSync(new URL('../../../docs/hashing.md', import.meta.url), 'utf8');

describe('docs/hashing.md worked example', () => {
  const snapshot = { schemaVersion: 'sigma.certificate.v1', skillName: 'héllo', zeta: [1, 2.5, 1e21], alpha: { b: true, a: null } };

  it('matches the canonical JSON, its bytes, the hash and the signature printed in the document', async () => {
    const text = canonicalJson(snapshot);
    expect(doc).toContain(text);
    expect(Buffer.byteLength(text)).toBe(110);
    expect(doc).toContain(Buffer.from(text).toString('hex'));
    const hash = payloadHash(snapshot);
    expect(doc).toContain(hash);
    const acct = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    expect(doc).toContain(acct.address);
    expect(doc).toContain(await acct.signMessage({ message: { raw: hash } }));
  });
});
