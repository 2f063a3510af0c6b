import { afterAll, describe, expect, it } from 'vitest';
import { DEV_KEY, freshPgDatabase, getJson, startServer, tempDataDir, waitUntil, type ServerProcess } from './helpers.js';

/**
 * Kill (SIGKILL) the process running the workers in the middle of an audit round and restart it:
 * the submission still completes with exactly one certificate. On the embedded database that is the
 * `npm start` process; on PostgreSQL a separate worker process while the API keeps running.
 */
const SKILL = `---
name: crash-proof-notes
version: 3.0.0
description: Turns meeting notes the user pastes into a list of action items.
---

# Action items

From the notes the user pastes, list each action item with its owner and due date when given.
`;

const auth = { authorization: `Bearer ${DEV_KEY}` };
type View = { status: string; certificateId: string | null; timeline: Array<{ type: string }> };

async function submit(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/dev/submissions`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'SKILL',
      source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: Buffer.from(SKILL).toString('base64') }] },
    }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { submissionId: string }).submissionId;
}

const inAuditWithSomeVotes = (url: string, id: string) =>
  waitUntil(
    async () => {
      const v = await getJson<View>(`${url}/api/v1/dev/submissions/${id}`, auth);
      // Mid-round: phase 1 drawn, not yet decided.
      return v.status === 'IN_AUDIT' && v.timeline.some((e) => e.type === 'audit.phase1.drawn') ? v : null;
    },
    120_000,
    100,
  );

async function expectOneCertificate(url: string, id: string) {
  const done = await waitUntil(
    async () => {
      const v = await getJson<View>(`${url}/api/v1/dev/submissions/${id}`, auth);
      return v.status === 'APPROVED' ? v : null;
    },
    180_000,
    500,
  );
  const search = await getJson<{ certificates: Array<{ certificateId: string }> }>(`${url}/api/v1/public/certificates?q=${id}&limit=100`);
  expect(search.certificates).toHaveLength(1);
  expect(search.certificates[0]!.certificateId).toBe(done.certificateId);
  const verify = await getJson<{ valid: boolean }>(`${url}/api/v1/public/certificates/${done.certificateId}/verify`);
  expect(verify.valid).toBe(true);
  expect(done.timeline.filter((e) => e.type === 'certificate.sealed')).toHaveLength(1);
}

const procs: ServerProcess[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop('SIGKILL');
});

const pgUrl = process.env.DATABASE_URL;

// Each variant runs on its own database kind: the embedded one without DATABASE_URL, the PostgreSQL one with it (CI runs both).
describe.runIf(!pgUrl)('crash during an audit round (embedded PGlite, npm start process)', () => {
  it('completes with exactly one certificate after SIGKILL and restart', async () => {
    const env = { SIGMA_DATA_DIR: tempDataDir(), SIGMA_SEED_DEV_API_KEY: DEV_KEY, SIGMA_OFFLINE_REVIEW_DELAY_MS: '1500', SIGMA_WORKER_CONCURRENCY: '1' };
    const first = await startServer('all', env);
    procs.push(first);
    const id = await submit(first.url);
    await inAuditWithSomeVotes(first.url, id);
    first.proc.kill('SIGKILL');
    await first.exited;

    // The killed owner's lock is stale: the restart on the same directory takes it over.
    const second = await startServer('all', env, { port: Number(new URL(first.url).port) });
    procs.push(second);
    await expectOneCertificate(second.url, id);
  });

  it('refuses a second process on the same embedded data directory, at once and clearly', async () => {
    const env = { SIGMA_DATA_DIR: tempDataDir(), SIGMA_SEED_DEV_API_KEY: DEV_KEY };
    const a = await startServer('all', env);
    procs.push(a);
    await expect(startServer('all', env)).rejects.toThrow(/SIGMA_E_DATA_DIR_LOCKED/);
    const health = await fetch(`${a.url}/healthz`);
    expect(health.ok).toBe(true);
  });
});

describe.runIf(!!pgUrl)('crash of a separate worker process during an audit round (PostgreSQL)', () => {
  it('a new worker finishes the round with exactly one certificate', async () => {
    const db = (await freshPgDatabase())!;
    try {
      const env = {
        DATABASE_URL: db.url,
        SIGMA_SEED_DEV_API_KEY: DEV_KEY,
        SIGMA_OFFLINE_REVIEW_DELAY_MS: '1500',
        SIGMA_WORKER_CONCURRENCY: '1',
        SIGMA_DATA_DIR: tempDataDir(),
      };
      const apiProc = await startServer('api', env);
      procs.push(apiProc);
      const w1 = await startServer('worker', env);
      procs.push(w1);
      const id = await submit(apiProc.url);
      await inAuditWithSomeVotes(apiProc.url, id);
      w1.proc.kill('SIGKILL');
      await w1.exited;
      const w2 = await startServer('worker', env);
      procs.push(w2);
      await expectOneCertificate(apiProc.url, id);
    } finally {
      await db.drop();
    }
  });
});
