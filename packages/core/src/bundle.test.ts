import { describe, expect, it } from 'vitest';
import { certificateKey, verifyBundle } from './bundle.js';
import { CertificateBundle } from './schemas/bundle.js';
import { sampleSnapshot, signedBundle } from './testing.js';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const OTHER = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const NOW = new Date('2026-12-01T00:00:00Z');
const codes = (r: { errors: Array<{ code: string }> }) => r.errors.map((e) => e.code);

describe('verifyBundle', () => {
  it('accepts an untouched bundle, committed or not, and reports every check', async () => {
    for (const committed of [false, true]) {
      const b = await signedBundle(KEY, sampleSnapshot(), committed);
      expect(CertificateBundle.safeParse(b).success).toBe(true);
      const r = await verifyBundle(JSON.parse(JSON.stringify(b)), { trustedIssuer: b.issuer, now: NOW });
      expect(r.ok, JSON.stringify(r.checks)).toBe(true);
      expect(r.checks.map((c) => c.name)).toEqual([
        'bundle',
        'scheme',
        'snapshot',
        'payloadHash',
        'signature',
        'issuer',
        'certificateId',
        'chainProof',
        'expiry',
      ]);
      expect(r.recomputedPayloadHash).toBe(b.payloadHash);
    }
  });

  it('fails a snapshot changed, extended or re-signed by someone else', async () => {
    const b = await signedBundle(KEY);
    const changed = structuredClone(b);
    changed.snapshot.skillHash = 'ff'.repeat(32);
    expect(codes(await verifyBundle(changed, { now: NOW }))).toEqual(['SIGMA_E_VERIFY_HASH_MISMATCH']);
    // A key the schema does not know is still part of the hash: never verified over a stripped parse.
    const extended = { ...b, snapshot: { ...b.snapshot, note: 'added later' } };
    expect(codes(await verifyBundle(extended, { now: NOW }))).toContain('SIGMA_E_VERIFY_HASH_MISMATCH');
    const forged = await signedBundle(OTHER);
    const r = await verifyBundle(forged, { trustedIssuer: b.issuer, now: NOW });
    expect(codes(r)).toEqual(['SIGMA_E_VERIFY_ISSUER_MISMATCH']);
    const swapped = { ...b, signature: forged.signature };
    expect(codes(await verifyBundle(swapped, { now: NOW }))).toEqual(['SIGMA_E_VERIFY_SIGNATURE_INVALID']);
  });

  it('fails a chain proof for another key or hash, another outer id, and an expired certificate', async () => {
    const b = await signedBundle(KEY, sampleSnapshot(), true);
    const otherKey = { ...b, chainProof: { ...b.chainProof, certificateKey: certificateKey('0'.repeat(24)) } };
    expect(codes(await verifyBundle(otherKey, { now: NOW }))).toEqual(['SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH']);
    const otherHash = { ...b, chainProof: { ...b.chainProof, payloadHash: `0x${'00'.repeat(32)}` } };
    expect(codes(await verifyBundle(otherHash, { now: NOW }))).toEqual(['SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH']);
    expect(codes(await verifyBundle({ ...b, certificateId: 'f'.repeat(24) }, { now: NOW }))).toContain('SIGMA_E_VERIFY_CERTIFICATE_ID_MISMATCH');
    expect(codes(await verifyBundle(b, { now: new Date('2030-01-01T00:00:00Z') }))).toEqual(['SIGMA_E_VERIFY_EXPIRED']);
  });

  it('answers anything that is not a bundle with SIGMA_E_BUNDLE_INVALID, without throwing', async () => {
    for (const bad of [null, 'text', [], {}, { bundleVersion: 'sigma.bundle.v0' }]) {
      const r = await verifyBundle(bad);
      expect(r.ok).toBe(false);
      expect(codes(r)).toEqual(['SIGMA_E_BUNDLE_INVALID']);
    }
  });
});
