import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId24, SigmaError } from '@sigma/core';
import { rounds, submissions } from '../src/db/schema/index.js';
import { moveSubmission } from '../src/domain/lifecycle/timeline.js';
import { b64, startTestServer, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// The lifecycle on the database: status columns hold only their enum (CHECK constraints, migration
// 0007), and the one transition path refuses a change the table does not allow.
/** The constraint a failed query names (drizzle wraps the driver's error as its cause). */
async function violated(q: Promise<unknown>): Promise<string> {
  const err = (await q.then(
    () => null,
    (e: unknown) => e,
  )) as { cause?: { constraint?: string; message?: string } } | null;
  return err?.cause?.constraint ?? err?.cause?.message ?? 'no error';
}

describe('lifecycle on the database', () => {
  let t: TestServer;
  let id: string;
  beforeAll(async () => {
    t = await startTestServer({ workers: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] }, devNotes: '' },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().submissionId;
  });
  afterAll(async () => t?.close());

  it('refuses an unknown status in a status column, whoever writes it', async () => {
    expect(await violated(t.s.db.execute(`update sigma.submissions set status = 'WHATEVER' where id = '${id}'`))).toMatch(/submissions_status_ck/);
    expect(
      await violated(
        t.s.db.insert(rounds).values({
          id: newId24(),
          submissionId: id,
          roundType: 'INITIAL_AUDIT',
          triggerSource: 'SUBMISSION',
          roundNumber: 9,
          status: 'HALF_OPEN' as never,
          phase: 0,
          seed: '00',
          promptNonce: '00',
        }),
      ),
    ).toMatch(/rounds_status_ck/);
  });

  it('moves a submission only along the table, and records each move on the timeline', async () => {
    const illegal = await t.s.db.transaction((tx) => moveSubmission(tx, id, ['SUBMITTED'], 'APPROVED', { type: 'x', message: 'x' })).catch((e: unknown) => e);
    expect(illegal).toBeInstanceOf(SigmaError);
    expect((illegal as SigmaError).code).toBe('SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION');
    expect((await t.s.db.select().from(submissions).where(eq(submissions.id, id)))[0]!.status).toBe('SUBMITTED');

    // Allowed, but the submission is not in `from`: a no-op (a retried step), not an error.
    expect(await t.s.db.transaction((tx) => moveSubmission(tx, id, ['SANDBOX'], 'IN_AUDIT', { type: 'x', message: 'x' }))).toBe(false);
    expect(await t.s.db.transaction((tx) => moveSubmission(tx, id, ['SUBMITTED'], 'SANDBOX', { type: 'sandbox.started', message: 'm' }))).toBe(true);
    const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: { authorization: `Bearer ${t.devKey}` } })).json();
    expect(v.status).toBe('SANDBOX');
    expect(v.timeline.at(-1)).toMatchObject({ status: 'SANDBOX', type: 'sandbox.started' });
  });
});
