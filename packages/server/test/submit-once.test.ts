import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineRuns } from '../src/domain/evidence/engine.js';
import { b64, startTestServer, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// The submission application service: the evidence engine runs once per submission, quoted or not,
// and a replayed Idempotency-Key neither charges nor analyses again.
describe('one submission path', () => {
  let t: TestServer;
  const auth = () => ({ authorization: `Bearer ${t.devKey}` });
  const draft = (note: string) => ({
    category: 'SKILL',
    source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(`${BENIGN_SKILL}\n<!-- ${note} -->\n`) }] },
    devNotes: note,
  });
  /** Engine runs while `fn` runs and the submission it returns gets past the sandbox. */
  async function runsFor(fn: () => Promise<string>): Promise<number> {
    const before = engineRuns.count;
    const id = await fn();
    await waitFor(async () => {
      const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: auth() })).json();
      return !['SUBMITTED', 'SANDBOX'].includes(v.status) && v.evidenceSummary ? v : null;
    }, 60_000);
    return engineRuns.count - before;
  }
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it('an unquoted submission runs the engine once (the dry run that priced it is its evidence)', async () => {
    const runs = await runsFor(async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers: auth(), payload: draft('unquoted') });
      expect(r.statusCode).toBe(201);
      return r.json().submissionId;
    });
    expect(runs).toBe(1);
  });

  it('a quoted submission runs the engine once when submitted (the quote ran it once before)', async () => {
    const before = engineRuns.count;
    const q = await t.app.inject({ method: 'POST', url: '/api/v1/dev/quotes', headers: auth(), payload: draft('quoted') });
    expect(q.statusCode).toBe(201);
    expect(engineRuns.count - before).toBe(1);
    const runs = await runsFor(async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/dev/submissions',
        headers: auth(),
        payload: { ...draft('quoted'), quoteId: q.json().quoteId },
      });
      expect(r.statusCode).toBe(201);
      return r.json().submissionId;
    });
    expect(runs).toBe(1);
  });

  it('a replayed Idempotency-Key answers the first submission without running the engine or charging', async () => {
    const headers = { ...auth(), 'idempotency-key': 'once-1' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers, payload: draft('replay') });
    expect(first.statusCode).toBe(201);
    const credits = (await t.app.inject({ url: '/api/v1/dev/credits', headers: auth() })).json();
    const before = engineRuns.count;
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers, payload: draft('replay') });
    expect(again.statusCode).toBe(200);
    expect(again.json().submissionId).toBe(first.json().submissionId);
    expect(engineRuns.count).toBe(before);
    expect((await t.app.inject({ url: '/api/v1/dev/credits', headers: auth() })).json()).toEqual(credits);
  });
});
