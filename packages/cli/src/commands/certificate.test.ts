import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateRecord, HASH_SCHEME, payloadHash, skillHash } from '@sigma/core';
import { sampleSnapshot } from '@sigma/core/testing';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, FakeApi, sigma, UNREACHABLE } from '../../test/fake-api.js';
import { EXIT } from '../config.js';

/** A certificate signed the way the server signs one (EIP-191 over the raw payload hash), served by the loopback API. */
const issuer = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');
const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-cert-'));
const SKILL_MD = '---\nname: weather-lookup\n---\n\nLooks up the weather.\n';
const skillFile = join(dir, 'SKILL.md');
writeFileSync(skillFile, SKILL_MD);

async function signed(): Promise<CertificateRecord> {
  const snapshot = sampleSnapshot({ skillHash: skillHash(SKILL_MD) });
  const hash = payloadHash(snapshot);
  return CertificateRecord.parse({
    certificateId: snapshot.certificateId,
    snapshot,
    payloadHash: hash,
    hashScheme: HASH_SCHEME,
    signature: await issuer.signMessage({ message: { raw: hash } }),
    issuer: issuer.address,
    onChain: { network: null, chainId: null, registryAddress: null, committed: false, txHash: null, explorerUrl: null, blockNumber: null, note: 'no chain' },
    live: { status: 'APPROVED', views: 3, activeFlagCount: 0, monitoring: null, siteProof: null, sourceDrift: null },
    rounds: [],
  });
}

let fake: FakeApi;
let record: CertificateRecord;
beforeAll(async () => {
  fake = await FakeApi.start();
  record = await signed();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.on('GET /api/v1/public/certificates/:id', (_, p) => (p.id === record.certificateId ? { body: record } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND')));
  fake.on('GET /.well-known/sigma-issuer', () => ({ body: { address: issuer.address, hashScheme: HASH_SCHEME, signatureScheme: 'eip191' } }));
});
const env = () => ({ SIGMA_API_URL: fake.url });
const id = () => record.certificateId;

describe('sigma certificate', () => {
  it('prints the certificate (no key needed) and --json the record as the API sent it', async () => {
    const r = await sigma(['certificate', id()], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out[0]).toBe(`certificate ${id()}  APPROVED`);
    expect(r.stdout).toContain(`payload hash ${record.payloadHash} (${HASH_SCHEME})`);
    expect(r.stdout).toContain('verdicts     sigma-proportionality:SAFE');
    expect(fake.seen[0]!.headers.authorization).toBeUndefined();
    const json = await sigma(['certificate', id(), '--json'], env());
    expect(json.json()).toEqual(record);
  });

  it('--verify recomputes the hash, recovers the signer and checks it against the published issuer: exit 0', async () => {
    const r = await sigma(['certificate', id(), '--verify', '--file', skillFile], env());
    expect(r.code, r.stdout).toBe(EXIT.ok);
    expect(r.out[0]).toBe(`certificate ${id()}: VERIFIED`);
    for (const check of ['payloadHash', 'signature', 'issuer', 'skillHash']) expect(r.stdout).toMatch(new RegExp(`✔ ${check}`));
    const json = await sigma(['certificate', id(), '--verify', '--json'], env());
    expect(json.json()).toMatchObject({ certificateId: id(), ok: true, recomputedPayloadHash: record.payloadHash, trustedIssuer: issuer.address });
    expect(json.json<{ checks: Array<{ name: string; ok: boolean }> }>().checks.every((c) => c.ok)).toBe(true);
  });

  it('a snapshot changed after signing does not verify: exit 1, naming the failed check', async () => {
    const tampered = structuredClone(record);
    tampered.snapshot.review.securityLevel = 'CAUTION';
    fake.on('GET /api/v1/public/certificates/:id', () => ({ body: tampered }));
    const r = await sigma(['certificate', id(), '--verify'], env());
    expect(r.code).toBe(EXIT.failed);
    expect(r.out[0]).toBe(`certificate ${id()}: NOT VERIFIED`);
    expect(r.stdout).toMatch(/✘ payloadHash/);
  });

  it('another trusted issuer, a different local file, or an unreadable chain each fail their check (exit 1)', async () => {
    const other = await sigma(['certificate', id(), '--verify', '--issuer', '0x0000000000000000000000000000000000000001'], env());
    expect(other.code).toBe(EXIT.failed);
    expect(other.stdout).toMatch(/✘ issuer/);
    expect(fake.requests('GET /.well-known/sigma-issuer')).toEqual([]);

    const changed = join(dir, 'CHANGED.md');
    writeFileSync(changed, SKILL_MD.replace('weather', 'climate'));
    const file = await sigma(['certificate', id(), '--file', changed], env());
    expect(file.code).toBe(EXIT.failed);
    expect(file.stdout).toMatch(/✘ skillHash\s+local .*CHANGED\.md hashes to/);

    const noRegistry = await sigma(['certificate', id(), '--verify', '--chain', UNREACHABLE], env());
    expect(noRegistry.code).toBe(EXIT.failed);
    expect(noRegistry.stdout).toMatch(/✘ onChain\s+no registry address/);
    const down = await sigma(['certificate', id(), '--verify', '--chain', UNREACHABLE, '--registry', '0x5FbDB2315678afecb367f032d93F642f64180aa3'], env());
    expect(down.code).toBe(EXIT.failed);
    expect(down.stdout).toMatch(/✘ onChain\s+cannot read the chain/);
  });

  it('errors: an unreadable --file exits 2, an unknown certificate or an unreachable server exit 3', async () => {
    expect((await sigma(['certificate', id(), '--file', join(dir, 'none.md')], env())).code).toBe(EXIT.usage);
    const unknown = await sigma(['certificate', 'f'.repeat(24)], env());
    expect(unknown.code).toBe(EXIT.api);
    expect(unknown.err.join('\n')).toContain('SIGMA_E_CERTIFICATE_NOT_FOUND');
    expect((await sigma(['certificate', id()], { SIGMA_API_URL: UNREACHABLE })).code).toBe(EXIT.api);
  });
});
