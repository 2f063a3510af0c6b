import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateBundle, certificateKey, skillHash, verifyBundle } from '@sigma/core';
import { readCommitment } from '@sigma/contracts';
import { certificates } from '../src/db/schema/index.js';
import { startTestServer, submitApproved, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

/** The offline bundle from a real server on PGlite with the local chain: sealed, committed, then exported. */
let t: TestServer;
let certificateId = '';
const bundle = async (id = certificateId) => t.app.inject(`/api/v1/public/certificates/${id}/bundle`);

beforeAll(async () => {
  t = await startTestServer({ env: { SIGMA_CHAIN: 'local' } });
  const v = await submitApproved(t, BENIGN_SKILL, { committed: true, timeoutMs: 60_000 });
  certificateId = v.certificateId;
});
afterAll(async () => t?.close());

describe('GET /api/v1/public/certificates/:id/bundle', () => {
  it('holds snapshot, signature, issuer and the chain proof, and verifies offline against the published issuer', async () => {
    const res = await bundle();
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(CertificateBundle.safeParse(b).success).toBe(true);
    expect(b).toMatchObject({ bundleVersion: 'sigma.bundle.v1', certificateId, issuer: t.s.issuer.address, exported: { status: 'APPROVED', valid: true } });
    expect(b.snapshot.skillHash).toBe(skillHash(BENIGN_SKILL));
    // The chain proof is what the chain holds, under the certificate's key.
    expect(b.chainProof).toMatchObject({ committed: true, chainId: 31337, certificateKey: certificateKey(certificateId), payloadHash: b.payloadHash });
    expect(b.chainProof.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const onChain = await readCommitment(t.s.chain!.publicClient, t.s.chain!.contracts.certificateRegistry, b.chainProof.certificateKey);
    expect(onChain.payloadHash).toBe(b.payloadHash);

    const issuer = (await t.app.inject('/.well-known/sigma-issuer')).json();
    expect(issuer.signatureScheme).toBe(b.signatureScheme);
    const r = await verifyBundle(JSON.parse(res.body), { trustedIssuer: issuer.address });
    expect(r.ok, JSON.stringify(r.checks)).toBe(true);
    // The bundle's snapshot is the record's, byte for byte once canonical.
    const record = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    expect(b.payloadHash).toBe(record.payloadHash);
    expect(b.snapshot).toEqual(record.snapshot);
  });

  it('a bundle changed after export does not verify', async () => {
    const b = (await bundle()).json();
    const tampered = structuredClone(b);
    tampered.snapshot.review.securityLevel = tampered.snapshot.review.securityLevel === 'CLEAR' ? 'CAUTION' : 'CLEAR';
    const r = await verifyBundle(tampered, { trustedIssuer: t.s.issuer.address });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('SIGMA_E_VERIFY_HASH_MISMATCH');
    const otherProof = { ...b, chainProof: { ...b.chainProof, payloadHash: `0x${'11'.repeat(32)}` } };
    expect((await verifyBundle(otherProof, { trustedIssuer: t.s.issuer.address })).errors.map((e) => e.code)).toEqual(['SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH']);
  });

  it('carries the live status at export beside the signed part, and does not count a view', async () => {
    const before = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json().views;
    await t.s.db.update(certificates).set({ status: 'SUSPENDED' }).where(eq(certificates.id, certificateId));
    const b = (await bundle()).json();
    expect(b.exported).toMatchObject({ status: 'SUSPENDED', valid: false, invalidReasons: ['status is SUSPENDED'] });
    // Still the issuer's signature over the same snapshot: offline, the status is only what was true at export.
    expect((await verifyBundle(b, { trustedIssuer: t.s.issuer.address })).ok).toBe(true);
    expect((await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json().views).toBe(before);
  });

  it('answers unknown ids with SIGMA_E_CERTIFICATE_NOT_FOUND and is in the OpenAPI document', async () => {
    for (const id of ['ffffffffffffffffffffffff', 'not-an-id']) {
      const r = await bundle(id);
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_FOUND');
    }
    const doc = (await t.app.inject('/openapi.json')).json();
    const op = doc.paths['/api/v1/public/certificates/{id}/bundle'].get;
    expect(op.responses['200'].content['application/json'].schema.properties).toHaveProperty('chainProof');
    expect(op.responses['404']).toBeTruthy();
  });
});

describe('GET /api/v1/public/certificates?q=<content hash>', () => {
  it('finds a certificate by the skillHash of its content (what an agent holding only the files can compute)', async () => {
    const found = (await t.app.inject(`/api/v1/public/certificates?q=${skillHash(BENIGN_SKILL)}`)).json().certificates;
    expect(found.map((c: { certificateId: string }) => c.certificateId)).toEqual([certificateId]);
    expect((await t.app.inject(`/api/v1/public/certificates?q=${skillHash(`${BENIGN_SKILL} `)}`)).json().certificates).toEqual([]);
    // The other searches are unchanged by the join.
    expect((await t.app.inject(`/api/v1/public/certificates?q=${certificateId}`)).json().certificates).toHaveLength(1);
    expect((await t.app.inject('/api/v1/public/certificates?q=unit-conv')).json().certificates).toHaveLength(1);
  });
});
