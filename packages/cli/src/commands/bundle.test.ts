import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateBundle } from '@sigma/core';
import { sampleSnapshot, signedBundle } from '@sigma/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, FakeApi, sigma } from '../../test/fake-api.js';
import { EXIT } from '../config.js';

const KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-bundle-'));
const write = (name: string, data: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
};

let fake: FakeApi;
let bundle: CertificateBundle;
let file = '';
beforeAll(async () => {
  fake = await FakeApi.start();
  bundle = await signedBundle(KEY, sampleSnapshot(), true);
  file = write('bundle.json', bundle);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
// Every offline run points at a live API: nothing may be asked of it.
const env = () => ({ SIGMA_API_URL: fake.url });

describe('sigma certificate --verify --bundle (offline)', () => {
  it('verifies a saved bundle with no request at all, in either spelling, and --json lists every check', async () => {
    const r = await sigma(['certificate', '--verify', '--bundle', file, '--issuer', bundle.issuer], env());
    expect(r.code, r.stdout).toBe(EXIT.ok);
    expect(r.out[0]).toBe(`certificate ${bundle.certificateId}: VERIFIED (offline, from ${file})`);
    for (const check of ['payloadHash', 'signature', 'issuer', 'chainProof', 'expiry']) expect(r.stdout).toMatch(new RegExp(`✔ ${check}`));
    expect(r.stdout).toMatch(/note: at export .* the status was APPROVED and valid/);
    const issueSpelling = await sigma(['certificate', 'verify', '--bundle', file], env());
    expect(issueSpelling.code).toBe(EXIT.ok);
    const json = await sigma(['certificate', bundle.certificateId, '--bundle', file, '--json'], env());
    expect(json.json()).toMatchObject({ certificateId: bundle.certificateId, ok: true, offline: true, recomputedPayloadHash: bundle.payloadHash });
    expect(fake.seen).toEqual([]);
  });

  it('a tampered bundle fails with exit 1, naming the check and its code', async () => {
    const tampered = structuredClone(bundle);
    tampered.snapshot.review.securityLevel = 'CAUTION';
    const r = await sigma(['certificate', '--bundle', write('tampered.json', tampered)], env());
    expect(r.code).toBe(EXIT.failed);
    expect(r.out[0]).toMatch(/NOT VERIFIED/);
    expect(r.stdout).toMatch(/✘ payloadHash .*SIGMA_E_VERIFY_HASH_MISMATCH/);
    // A chain proof moved to another hash, and a bundle re-signed by a key that is not the trusted issuer.
    const proof = await sigma(
      ['certificate', '--bundle', write('proof.json', { ...bundle, chainProof: { ...bundle.chainProof, payloadHash: `0x${'00'.repeat(32)}` } })],
      env(),
    );
    expect(proof.code).toBe(EXIT.failed);
    expect(proof.stdout).toMatch(/✘ chainProof/);
    const other = await signedBundle('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', sampleSnapshot(), true);
    const forged = await sigma(['certificate', '--bundle', write('forged.json', other), '--issuer', bundle.issuer, '--json'], env());
    expect(forged.code).toBe(EXIT.failed);
    expect(forged.json<{ checks: Array<{ name: string; ok: boolean; code?: string }> }>().checks.filter((c) => !c.ok)).toEqual([
      expect.objectContaining({ name: 'issuer', code: 'SIGMA_E_VERIFY_ISSUER_MISMATCH' }),
    ]);
    const wrongId = await sigma(['certificate', 'f'.repeat(24), '--bundle', file], env());
    expect(wrongId.code).toBe(EXIT.failed);
    expect(wrongId.stdout).toMatch(/✘ certificateId .*not f{24}/);
    expect(fake.seen).toEqual([]);
  });

  it('a file that is not a bundle is bad input (exit 2, SIGMA_E_BUNDLE_INVALID); --bundle refuses online options', async () => {
    for (const bad of [join(dir, 'missing.json'), write('text.json', 'not json'), write('record.json', { certificateId: bundle.certificateId })]) {
      const r = await sigma(['certificate', '--bundle', bad], env());
      expect(r.code, bad).toBe(EXIT.usage);
      expect(r.err.join('\n')).toContain('SIGMA_E_BUNDLE_INVALID');
    }
    expect((await sigma(['certificate', '--bundle', file, '--chain', 'http://127.0.0.1:9'], env())).code).toBe(EXIT.usage);
    expect((await sigma(['certificate'], env())).code).toBe(EXIT.usage);
    expect(fake.seen).toEqual([]);
  });

  it('--save-bundle downloads the bundle that then verifies offline', async () => {
    fake.on('GET /api/v1/public/certificates/:id/bundle', (_, p) =>
      p.id === bundle.certificateId ? { body: bundle } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND'),
    );
    const out = join(dir, 'saved.json');
    const r = await sigma(['certificate', bundle.certificateId, '--save-bundle', out], env());
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(bundle);
    expect((await sigma(['certificate', '--bundle', out, '--issuer', bundle.issuer], env())).code).toBe(EXIT.ok);
    const unknown = await sigma(['certificate', 'e'.repeat(24), '--save-bundle', out], env());
    expect(unknown.code).toBe(EXIT.api);
  });
});
