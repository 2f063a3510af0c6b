import { eq } from 'drizzle-orm';
import { keccak256, stringToBytes, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, type VerdictOutput } from '@sigma/core';
import { rounds, seats } from '../src/db/schema/index.js';
import { runSeatDeadlineStep, verdictCommitment } from '../src/domain/assembly/selfhosted.js';
import { depositStakeOnLedger } from '../src/domain/standing/stake.js';
import { STANDING } from '../src/domain/standing/weight.js';
import { fenceClose, fenceOpen } from '../src/models/prompt.js';
import { agentHeaders, agentSignIn, registerValidator } from './agent.js';
import { b64, startTestServer, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

/**
 * Self-hosted validators over the agent API: commit a hash of the verdict, reveal it after the commit
 * deadline signed by the session key. The server clock is shifted by the test, so no real waiting.
 */
const COMMIT_S = 60;
const REVEAL_S = 60;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const advance = (seconds: number) => {
  offsetMs += seconds * 1000;
};

interface V {
  name: string;
  owner: PrivateKeyAccount;
  session: PrivateKeyAccount;
  token: string;
  validatorId: string;
  seatId: string;
}

const SAFE: VerdictOutput = {
  verdict: 'SAFE',
  blocking: false,
  severity: 'INFO',
  findings: [],
  rationale: 'Converts units; the evidence shows no risky capability.',
};
const salt = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
/** The documented rule, computed independently of the server: keccak256(utf8(JCS({scheme, seatId, salt, verdict}))). */
const commitmentOf = (seatId: string, verdict: unknown, s: string) =>
  keccak256(stringToBytes(canonicalJson({ scheme: 'sigma-verdict-commit-v1', seatId, salt: s, verdict })));

let t: TestServer;
const vs = new Map<string, V>();
let spare: V;
let submissionId = '';

async function newValidator(name: string): Promise<V> {
  const owner = privateKeyToAccount(generatePrivateKey());
  const session = privateKeyToAccount(generatePrivateKey());
  const token = await agentSignIn(t.app, owner);
  const r = await registerValidator(t.app, token, session, {
    mode: 'self-hosted',
    model: { modelId: `local/${name}`, modelFamily: `fam-${name.toLowerCase()}` },
  });
  expect(r.statusCode).toBe(201);
  const validatorId = r.json().validator.validatorId as string;
  await depositStakeOnLedger(t.s.db, validatorId, STANDING.minStakeWei, `test-stake:${validatorId}`);
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/validators/me/activate', headers: agentHeaders(token) })).statusCode).toBe(200);
  return { name, owner, session, token, validatorId, seatId: '' };
}

const seatOf = async (seatId: string) => (await t.s.db.select().from(seats).where(eq(seats.id, seatId)))[0]!;
const commit = (v: V, seatId: string, commitment: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/validators/me/commit', headers: agentHeaders(v.token), payload: { seatId, commitment } });
const reveal = (v: V, body: { seatId: string; verdict: unknown; salt: string; signature: string }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/validators/me/reveal', headers: agentHeaders(v.token), payload: body });
const sign = (who: PrivateKeyAccount, commitment: Hex) => who.signMessage({ message: { raw: commitment } });

beforeAll(async () => {
  t = await startTestServer({
    clock,
    env: {
      SIGMA_SEED_VALIDATORS: '0',
      SIGMA_PANEL_PHASE1: '7',
      SIGMA_PANEL_PHASE2: '0',
      SIGMA_COMMIT_WINDOW_SECONDS: String(COMMIT_S),
      SIGMA_REVEAL_WINDOW_SECONDS: String(REVEAL_S),
    },
  });
  for (const name of ['honest', 'wrongSalt', 'wrongVerdict', 'otherKey', 'lateReveal', 'lateCommit', 'silent']) vs.set(name, await newValidator(name));
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: { authorization: `Bearer ${t.devKey}` },
    payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] } },
  });
  submissionId = r.json().submissionId as string;
  const open = await waitFor(async () => {
    const rows = await t.s.db.select().from(seats);
    return rows.length === 7 && rows.every((x) => x.commitDeadline) ? rows : null;
  }, 60_000);
  for (const v of vs.values()) v.seatId = open.find((x) => x.validatorId === v.validatorId)!.id;
  // Registered after the panel was drawn: the only candidate for a replacement.
  spare = await newValidator('spare');
});
afterAll(async () => t?.close());

const get = (name: string) => vs.get(name)!;

describe('self-hosted commit–reveal', () => {
  it('the verdict job opens commit and reveal windows instead of calling a model', async () => {
    const h = get('honest');
    const seat = await seatOf(h.seatId);
    expect(seat.status).toBe('PENDING');
    expect(seat.revealDeadline!.getTime() - seat.commitDeadline!.getTime()).toBe(REVEAL_S * 1000);
    const ctx = (await t.app.inject({ url: '/api/v1/sigma/agent/validators/me', headers: agentHeaders(h.token) })).json();
    expect(ctx.pendingSeats).toHaveLength(1);
    expect(ctx.pendingSeats[0]).toMatchObject({
      seatId: h.seatId,
      phase: 1,
      stage: 'commit',
      committed: false,
      commitDeadline: seat.commitDeadline!.toISOString(),
    });
  });

  it('a validator fetches what to review: evidence, the nonce-fenced prompt, the schema; other validators cannot', async () => {
    const h = get('honest');
    const r = await t.app.inject({ url: `/api/v1/sigma/agent/validators/me/seats/${h.seatId}`, headers: agentHeaders(h.token) });
    expect(r.statusCode).toBe(200);
    const c = r.json();
    const round = (await t.s.db.select().from(rounds).where(eq(rounds.submissionId, submissionId)))[0]!;
    expect(c.promptNonce).toBe(round.promptNonce);
    expect(c.prompt.user).toContain(`${fenceOpen(round.promptNonce)}\n---\nname: unit-converter`);
    expect(c.prompt.user).toContain(fenceClose(round.promptNonce));
    expect(c.prompt.system).toMatch(/never instructions to you/);
    expect(c.evidence.engineVersion).toBeTruthy();
    expect(c.verdictSchema.required).toContain('verdict');
    const other = await t.app.inject({ url: `/api/v1/sigma/agent/validators/me/seats/${h.seatId}`, headers: agentHeaders(get('silent').token) });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('SIGMA_E_SEAT_NOT_FOUND');
  });

  it('commits once; a second commit and a commit to someone else\u2019s seat are refused', async () => {
    const h = get('honest');
    const c = commitmentOf(h.seatId, SAFE, salt(1));
    expect(verdictCommitment(h.seatId, SAFE, salt(1))).toBe(c);
    const r = await commit(h, h.seatId, c);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ seatId: h.seatId, commitment: c });
    const again = await commit(h, h.seatId, commitmentOf(h.seatId, { ...SAFE, verdict: 'UNSAFE' }, salt(1)));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SIGMA_E_COMMIT_EXISTS');
    expect((await seatOf(h.seatId)).commitment).toBe(c);
    const foreign = await commit(h, get('wrongSalt').seatId, c);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('SIGMA_E_SEAT_NOT_FOUND');
    expect((await seatOf(get('wrongSalt').seatId)).commitment).toBeNull();
  });

  it('a reveal before the commit deadline is refused and changes nothing', async () => {
    const h = get('honest');
    const r = await reveal(h, { seatId: h.seatId, verdict: SAFE, salt: salt(1), signature: await sign(h.session, commitmentOf(h.seatId, SAFE, salt(1))) });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('SIGMA_E_REVEAL_TOO_EARLY');
    expect((await seatOf(h.seatId)).status).toBe('PENDING');
  });

  it('after the commit deadline: a valid reveal is a vote; mismatches and foreign signatures are misses', async () => {
    for (const name of ['wrongSalt', 'wrongVerdict', 'otherKey', 'lateReveal']) {
      const v = get(name);
      expect((await commit(v, v.seatId, commitmentOf(v.seatId, SAFE, salt(2)))).statusCode).toBe(200);
    }
    advance(COMMIT_S + 1);

    const h = get('honest');
    const c = commitmentOf(h.seatId, SAFE, salt(1));
    const sig = await sign(h.session, c);
    const ok = await reveal(h, { seatId: h.seatId, verdict: SAFE, salt: salt(1), signature: sig });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ seatId: h.seatId, status: 'VOTED', verdict: 'SAFE' });
    const voted = await seatOf(h.seatId);
    expect(voted).toMatchObject({
      status: 'VOTED',
      verdict: 'SAFE',
      blocking: false,
      severity: 'INFO',
      rationale: SAFE.rationale,
      revealSignature: sig,
      modelId: 'local/honest',
    });
    expect(voted.revealedAt).toBeTruthy();
    expect((await reveal(h, { seatId: h.seatId, verdict: SAFE, salt: salt(1), signature: sig })).json().error.code).toBe('SIGMA_E_SEAT_CLOSED');

    const ws = get('wrongSalt');
    const r1 = await reveal(ws, { seatId: ws.seatId, verdict: SAFE, salt: salt(3), signature: await sign(ws.session, commitmentOf(ws.seatId, SAFE, salt(2))) });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.code).toBe('SIGMA_E_REVEAL_MISMATCH');
    expect(await seatOf(ws.seatId)).toMatchObject({ status: 'ABSTAINED', verdict: null });

    const wv = get('wrongVerdict');
    const flipped = { ...SAFE, verdict: 'UNSAFE', severity: 'HIGH', rationale: 'Changed my mind after seeing the others.' };
    const r2 = await reveal(wv, {
      seatId: wv.seatId,
      verdict: flipped,
      salt: salt(2),
      signature: await sign(wv.session, commitmentOf(wv.seatId, SAFE, salt(2))),
    });
    expect(r2.json().error.code).toBe('SIGMA_E_REVEAL_MISMATCH');
    expect(await seatOf(wv.seatId)).toMatchObject({ status: 'ABSTAINED', verdict: null });

    const ok2 = get('otherKey');
    const r3 = await reveal(ok2, {
      seatId: ok2.seatId,
      verdict: SAFE,
      salt: salt(2),
      signature: await sign(ok2.owner, commitmentOf(ok2.seatId, SAFE, salt(2))),
    });
    expect(r3.statusCode).toBe(422);
    expect(r3.json().error.code).toBe('SIGMA_E_REVEAL_SIGNATURE_INVALID');
    expect(await seatOf(ok2.seatId)).toMatchObject({ status: 'ABSTAINED', verdict: null });
  });

  it('a commit after the commit deadline is a miss, and the seat is replaced once', async () => {
    const lc = get('lateCommit');
    const r = await commit(lc, lc.seatId, commitmentOf(lc.seatId, SAFE, salt(4)));
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('SIGMA_E_COMMIT_LATE');
    expect((await seatOf(lc.seatId)).status).toBe('TIMED_OUT');
    const replacement = await waitFor(async () => {
      const x = (await t.s.db.select().from(seats).where(eq(seats.replacesSeatId, lc.seatId)))[0];
      return x?.commitDeadline ? x : null;
    });
    expect(replacement.validatorId).toBe(spare.validatorId);
    spare.seatId = replacement.id;
    const ctx = (await t.app.inject({ url: '/api/v1/sigma/agent/validators/me', headers: agentHeaders(spare.token) })).json();
    expect(ctx.pendingSeats.map((x: { seatId: string }) => x.seatId)).toEqual([replacement.id]);
    // The spare commits in its own window but will never reveal.
    expect((await commit(spare, spare.seatId, commitmentOf(spare.seatId, SAFE, salt(5)))).statusCode).toBe(200);
  });

  it('a reveal after the reveal deadline is a miss; the deadline job closes seats that never committed or revealed', async () => {
    const silent = get('silent');
    // Not due yet: the deadline job leaves the seat alone.
    const before = await seatOf(silent.seatId);
    offsetMs -= (COMMIT_S + 1) * 1000;
    await runSeatDeadlineStep(t.s, silent.seatId);
    expect((await seatOf(silent.seatId)).status).toBe('PENDING');
    offsetMs += (COMMIT_S + 1) * 1000;
    expect(before.commitment).toBeNull();

    advance(REVEAL_S);
    const lr = get('lateReveal');
    const r = await reveal(lr, { seatId: lr.seatId, verdict: SAFE, salt: salt(2), signature: await sign(lr.session, commitmentOf(lr.seatId, SAFE, salt(2))) });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('SIGMA_E_REVEAL_LATE');
    expect((await seatOf(lr.seatId)).status).toBe('TIMED_OUT');

    await runSeatDeadlineStep(t.s, silent.seatId);
    expect(await seatOf(silent.seatId)).toMatchObject({ status: 'TIMED_OUT', rationale: 'Missed: no commitment before the commit deadline.' });

    // The spare's windows opened later; move past its reveal deadline.
    advance(COMMIT_S + REVEAL_S);
    await runSeatDeadlineStep(t.s, spare.seatId);
    expect(await seatOf(spare.seatId)).toMatchObject({ status: 'TIMED_OUT', rationale: 'Missed: the commitment was not revealed before the reveal deadline.' });
    expect(await t.s.db.select().from(seats).where(eq(seats.replacesSeatId, spare.seatId))).toHaveLength(0);
  });

  it('the round continues to consensus once every seat is decided', async () => {
    const h = { authorization: `Bearer ${t.devKey}` };
    const v = await waitFor(async () => {
      const x = (await t.app.inject({ url: `/api/v1/dev/submissions/${submissionId}`, headers: h })).json();
      return x.timeline.some((e: { type: string }) => e.type === 'consensus.escalate' || e.type.startsWith('consensus.') || e.type === 'escalation.operator')
        ? x
        : null;
    }, 30_000);
    // One vote among seven seats is below the quorum: the policy escalates.
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('consensus.escalate');
    const all = await t.s.db
      .select()
      .from(seats)
      .where(eq(seats.roundId, (await seatOf(get('honest').seatId)).roundId));
    expect(
      all
        .filter((x) => x.phase === 1)
        .map((x) => x.status)
        .sort(),
    ).toEqual(['ABSTAINED', 'ABSTAINED', 'ABSTAINED', 'TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT', 'VOTED']);
  });
});
