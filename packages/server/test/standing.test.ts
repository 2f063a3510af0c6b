import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rounds, standingHistory, validators } from '../src/db/schema/index.js';
import { balance, PLATFORM, unbalancedTransactions, validatorEarnings } from '../src/domain/ledger/ledger.js';
import { runStandingStep, submissionRevenue } from '../src/domain/standing/apply.js';
import { stakeAccount } from '../src/domain/standing/stake.js';
import { STANDING } from '../src/domain/standing/weight.js';
import { b64, startTestServer, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

let t: TestServer;
let op: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  op = { authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token}` };
});
afterAll(async () => t?.close());

const dev = () => ({ authorization: `Bearer ${t.devKey}` });
async function settle(id: string, h: Record<string, string> = dev()) {
  return waitFor(async () => {
    const x = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: h })).json();
    return ['APPROVED', 'REJECTED'].includes(x.status) ? x : null;
  }, 60_000);
}
const historyOf = (roundId: string) => t.s.db.select().from(standingHistory).where(eq(standingHistory.roundId, roundId));

describe('standing after an outcome', () => {
  it('records an aligned history row for every SAFE seat of an approved round, and pays the validator share', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: dev(),
      payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] } },
    });
    const submissionId = r.json().submissionId as string;
    // The submission was paid in credits; the payment code booked the fee to revenue.
    const fee = await submissionRevenue(t.s.db, submissionId);
    expect(fee).toBeGreaterThan(0n);
    await settle(submissionId);
    const round = (await t.s.db.select().from(rounds).where(eq(rounds.submissionId, submissionId)))[0]!;
    const rows = await waitFor(async () => {
      const h = await historyOf(round.id);
      return h.length === 5 ? h : null;
    });
    expect(rows.every((x) => x.kind === 'aligned' && x.reputationAfter === x.reputationBefore + 5)).toBe(true);
    expect(rows.every((x) => Math.abs(x.accuracyAfter - (x.accuracyBefore + 0.1 * (1 - x.accuracyBefore))) < 1e-9)).toBe(true);
    expect(rows.every((x) => x.weightAfter > x.weightBefore)).toBe(true);
    // Re-running the step changes nothing.
    await runStandingStep(t.s, round.id);
    expect(await historyOf(round.id)).toHaveLength(5);
    // 60% of the fee split by weight among the five aligned validators; the rest (and rounding) to the treasury.
    const earned = await Promise.all(rows.map((x) => balance(t.s.db, validatorEarnings(x.validatorId))));
    const paid = earned.reduce((a, b) => a + b, 0n);
    expect(paid).toBeLessThanOrEqual((fee * 60n) / 100n);
    expect(paid).toBeGreaterThanOrEqual((fee * 60n) / 100n - 5n);
    expect(await balance(t.s.db, PLATFORM.treasury('CREDIT'))).toBe(fee - paid);
    expect(await balance(t.s.db, PLATFORM.revenue('CREDIT'))).toBe(0n);
    // Heavier validators earn at least as much as lighter ones.
    const byWeight = rows.map((x, i) => ({ w: x.weightBefore, e: earned[i]! })).sort((a, b) => a.w - b.w);
    for (let i = 1; i < byWeight.length; i++) expect(byWeight[i]!.e).toBeGreaterThanOrEqual(byWeight[i - 1]!.e);
    expect(await unbalancedTransactions(t.s.db)).toEqual([]);
  });

  it('a malicious-labelled canary that the panel passes costs every SAFE voter three times', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/canaries',
      headers: op,
      payload: {
        label: 'malicious',
        category: 'SKILL',
        source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL.replace('unit-converter', 'unit-converter-pro')) }] },
      },
    });
    expect(r.statusCode).toBe(201);
    const id = r.json().submissionId as string;
    const round = await waitFor(async () => (await t.s.db.select().from(rounds).where(eq(rounds.submissionId, id)))[0]);
    const rows = await waitFor(async () => {
      const h = await historyOf(round.id);
      return h.length === 5 ? h : null;
    }, 60_000);
    for (const x of rows) {
      expect(x.kind).toBe('misaligned');
      expect(x.reputationAfter).toBe(x.reputationBefore - 45);
      expect((x.data as { canary: boolean }).canary).toBe(true);
    }
    const detail = (await t.app.inject({ url: `/api/v1/operator/submissions/${id}`, headers: op })).json();
    expect(detail.submission.certificateId).toBeNull(); // never certified
  });
});

describe('operator sanctions and reinstatement', () => {
  it('sanctions with a reason, slashes the ledger stake, suspends below the floor and reinstates', async () => {
    const v = (await t.s.db.select().from(validators).limit(1))[0]!;
    const stakeBefore = await balance(t.s.db, stakeAccount(v.id));
    const tooSmall = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/validators/${v.id}/sanction`,
      headers: op,
      payload: { penalty: 10, reason: 'testing the lower bound' },
    });
    expect(tooSmall.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'penalty' });
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/validators/${v.id}/sanction`,
      headers: op,
      payload: { penalty: 100, reason: 'bad' },
    });
    expect(noReason.json().error.field).toBe('reason');

    const s1 = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/operator/validators/${v.id}/sanction`,
        headers: op,
        payload: { penalty: 300, reason: 'Copied verdicts from another validator' },
      })
    ).json();
    expect(await balance(t.s.db, stakeAccount(v.id))).toBe(stakeBefore - (stakeBefore * 500n) / 10_000n);
    expect(BigInt(s1.slashedWei)).toBeGreaterThan(0n);
    const s2 = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/operator/validators/${v.id}/sanction`,
        headers: op,
        payload: { penalty: 300, reason: 'Second offence: copied verdicts again' },
      })
    ).json();
    expect(s2.status).toBe('SUSPENDED');
    expect(s2.reputation).toBeLessThan(STANDING.reputationFloor);
    const { eligibleCandidates } = await import('../src/domain/validators/service.js');
    expect((await eligibleCandidates(t.s.db, null)).map((c) => c.validatorId)).not.toContain(v.id);

    const back = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/operator/validators/${v.id}/reinstate`,
        headers: op,
        payload: { reason: 'Appeal accepted after review of logs' },
      })
    ).json();
    expect(back).toEqual({ reputation: STANDING.reputationFloor, status: 'ACTIVE' });
    const hist = (await t.app.inject({ url: `/api/v1/operator/validators/${v.id}/history`, headers: op })).json().history as Array<{
      kind: string;
      reason: string;
    }>;
    expect(hist.slice(0, 3).map((h) => h.kind)).toEqual(['reinstate', 'sanction', 'sanction']);
    expect(hist[1]!.reason).toMatch(/Second offence/);
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log', headers: op })).json().entries as Array<{ action: string; targetId: string }>;
    expect(log.filter((e) => e.targetId === v.id).map((e) => e.action)).toEqual(['validator.reinstate', 'validator.sanction', 'validator.sanction']);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/validators/${v.id}/reinstate`,
      headers: op,
      payload: { reason: 'Appeal accepted after review of logs' },
    });
    expect(again.json().error.code).toBe('SIGMA_E_VALIDATOR_STATE');
  });
});
