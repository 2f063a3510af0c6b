import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId24, type VerdictOutput } from '@sigma/core';
import { certificates, validators } from '../src/db/schema/index.js';
import { STANDING } from '../src/domain/standing/weight.js';
import type { ReviewProvider } from '../src/models/provider.js';
import { b64, startTestServer, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

/** A reviewer whose answer the test scripts per phase: a split assembly on demand. */
let script: (phase: number, seatId: string) => 'SAFE' | 'UNSAFE' = () => 'SAFE';
const scripted: ReviewProvider = {
  name: 'scripted',
  async review(model, ctx) {
    const verdict = script(ctx.phase, ctx.seatId);
    const raw: VerdictOutput = {
      verdict,
      blocking: false,
      severity: verdict === 'SAFE' ? 'INFO' : 'MEDIUM',
      findings: [],
      rationale: `scripted ${verdict} for phase ${ctx.phase}`,
    };
    return { raw, modelId: model.modelId, usage: { tokensIn: 1, tokensOut: 1, costMicroUsd: 0 } };
  },
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { SIGMA_SEED_VALIDATORS: '0' }, providers: [scripted] });
  for (let i = 0; i < 12; i++) {
    const acct = (l: string) => privateKeyToAccount(keccak256(toHex(`split-test:${l}:${i}`))).address;
    await t.s.db.insert(validators).values({
      id: newId24(),
      ownerAddress: acct('owner'),
      sessionAddress: acct('session'),
      mode: 'managed',
      modelProvider: 'scripted',
      modelId: `scripted/${i}`,
      modelFamily: `family-${i % 3}`,
      sampling: { temperature: 0, topP: null, seed: null, maxTokens: null },
      status: 'ACTIVE',
      stake: STANDING.minStakeWei.toString(),
      reputation: 500,
      auditAccuracy: 0.5,
      governanceWeight: 0.5,
    });
  }
});
afterAll(async () => t?.close());

async function submit(text: string) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: { authorization: `Bearer ${t.devKey}` },
    payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] } },
  });
  return r.json().submissionId as string;
}
const view = async (id: string) => (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: { authorization: `Bearer ${t.devKey}` } })).json();

describe('a split vote never produces a certificate by itself', () => {
  it('phase 1 SAFE, phase 2 UNSAFE: the escalation assembly decides, and the certificate says so', async () => {
    script = (phase) => (phase === 2 ? 'UNSAFE' : 'SAFE');
    const id = await submit(BENIGN_SKILL);
    const v = await waitFor(async () => {
      const x = await view(id);
      return x.status === 'APPROVED' ? x : null;
    }, 60_000);
    const types = v.timeline.map((e: { type: string }) => e.type);
    expect(types).toContain('consensus.escalate');
    expect(types).toContain('audit.phase3.drawn');
    const cert = (await t.s.db.select().from(certificates).where(eq(certificates.submissionId, id)))[0]!;
    const snap = JSON.parse(cert.snapshotJson);
    expect(snap.round.decidedBy).toBe('ESCALATION_ASSEMBLY');
    expect(snap.verdicts.filter((x: { phase: number }) => x.phase === 3)).toHaveLength(5);
  });

  it('an unresolved escalation assembly waits for an operator: no certificate until one decides', async () => {
    let n = 0;
    script = (phase) => (phase === 1 ? 'SAFE' : phase === 2 ? 'UNSAFE' : n++ % 2 === 0 ? 'SAFE' : 'UNSAFE');
    const id = await submit(BENIGN_SKILL.replace('1.0.0', '1.0.9'));
    await waitFor(async () => {
      const x = await view(id);
      return x.timeline.some((e: { type: string }) => e.type === 'escalation.operator') ? x : null;
    }, 60_000);
    // Give any stray step time to run: still no certificate.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await view(id)).status).toBe('ESCALATED');
    expect(await t.s.db.select().from(certificates).where(eq(certificates.submissionId, id))).toHaveLength(0);
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/submissions/${id}/decision`,
      headers: { authorization: `Bearer ${token}` },
      payload: { decision: 'APPROVE', reason: 'Read the skill: arithmetic only.' },
    });
    const done = await waitFor(async () => {
      const x = await view(id);
      return x.status === 'APPROVED' ? x : null;
    });
    const cert = (await t.s.db.select().from(certificates).where(eq(certificates.id, done.certificateId)))[0]!;
    expect(JSON.parse(cert.snapshotJson).round.decidedBy).toBe('OPERATOR');
  });
});
