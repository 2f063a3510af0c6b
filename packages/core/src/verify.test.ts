import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { HASH_SCHEME, payloadHash } from './hash.js';
import { sampleSnapshot } from './testing.js';
import { verifyCertificate } from './verify.js';

const issuer = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const other = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

async function sealed(snapshot = sampleSnapshot()) {
  const hash = payloadHash(snapshot);
  const signature = await issuer.signMessage({ message: { raw: hash } });
  return { snapshot, payloadHash: hash, hashScheme: HASH_SCHEME, signature, issuer: issuer.address };
}

describe('verifyCertificate', () => {
  it('accepts an untouched certificate and reports every check', async () => {
    const r = await verifyCertificate(await sealed(), { trustedIssuer: issuer.address });
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(['scheme', 'snapshot', 'payloadHash', 'signature', 'issuer']);
    expect(r.recoveredSigner).toBe(issuer.address);
  });

  it('detects a snapshot changed after sealing', async () => {
    const cert = await sealed();
    const tampered = { ...cert, snapshot: { ...cert.snapshot, skillVersion: '9.9.9' } };
    const r = await verifyCertificate(tampered);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(['SIGMA_E_VERIFY_HASH_MISMATCH']);
  });

  it('detects a payload hash and snapshot swapped together but signed by someone else', async () => {
    const cert = await sealed();
    const snapshot = { ...cert.snapshot, skillVersion: '9.9.9' };
    const hash = payloadHash(snapshot);
    const forged = { ...cert, snapshot, payloadHash: hash, signature: await other.signMessage({ message: { raw: hash } }) };
    const r = await verifyCertificate(forged);
    expect(r.errors.map((e) => e.code)).toEqual(['SIGMA_E_VERIFY_SIGNATURE_INVALID']);
  });

  it('rejects a self-consistent certificate from an untrusted issuer', async () => {
    const snapshot = sampleSnapshot();
    const hash = payloadHash(snapshot);
    const cert = {
      snapshot,
      payloadHash: hash,
      hashScheme: HASH_SCHEME,
      signature: await other.signMessage({ message: { raw: hash } }),
      issuer: other.address,
    };
    expect((await verifyCertificate(cert)).ok).toBe(true);
    const r = await verifyCertificate(cert, { trustedIssuer: issuer.address });
    expect(r.errors.map((e) => e.code)).toEqual(['SIGMA_E_VERIFY_ISSUER_MISMATCH']);
  });

  it('rejects a signature over the hex text instead of the raw hash', async () => {
    const cert = await sealed();
    const wrong = await issuer.signMessage({ message: cert.payloadHash });
    const r = await verifyCertificate({ ...cert, signature: wrong });
    expect(r.errors.map((e) => e.code)).toEqual(['SIGMA_E_VERIFY_SIGNATURE_INVALID']);
  });

  it('never throws on hostile input', async () => {
    const r = await verifyCertificate({ snapshot: { a: Number.NaN }, payloadHash: 'zz', hashScheme: 'md5', signature: '0x', issuer: 'nobody' });
    expect(r.ok).toBe(false);
    expect(new Set(r.errors.map((e) => e.code))).toEqual(
      new Set(['SIGMA_E_VERIFY_SCHEME_UNSUPPORTED', 'SIGMA_E_VERIFY_SNAPSHOT_INVALID', 'SIGMA_E_VERIFY_SIGNATURE_INVALID']),
    );
  });
});
