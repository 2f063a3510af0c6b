import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_KEY, getJson, startServer, tempDataDir, waitUntil, type ServerProcess } from './helpers.js';

/**
 * Graceful shutdown (issue 2.5): SIGTERM stops taking requests and jobs, lets the jobs in flight
 * finish, and exits cleanly — no job is left claimed ("active") by a process that is gone.
 */
const SKILL = `---\nname: shutdown-probe\nversion: 1.0.0\ndescription: Lists the headings of a Markdown document the user pastes.\n---\n\n# Headings\n\nList every heading of the pasted document with its level.\n`;

let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop('SIGKILL');
});

describe.runIf(!process.env.DATABASE_URL)('graceful shutdown on the embedded database', () => {
  it('finishes the verdicts in flight, leaves no active job, and exits 0', async () => {
    const dataDir = tempDataDir();
    server = await startServer('all', {
      SIGMA_DATA_DIR: dataDir,
      SIGMA_SEED_DEV_API_KEY: DEV_KEY,
      SIGMA_OFFLINE_REVIEW_DELAY_MS: '2500',
      SIGMA_WORKER_CONCURRENCY: '2',
      SIGMA_LOG_LEVEL: 'info',
    });
    const auth = { authorization: `Bearer ${DEV_KEY}` };
    const r = await fetch(`${server.url}/api/v1/dev/submissions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'SKILL',
        source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: Buffer.from(SKILL).toString('base64') }] },
      }),
    });
    const { submissionId } = (await r.json()) as { submissionId: string };
    await waitUntil(
      async () => {
        const v = await getJson<{ timeline: Array<{ type: string }> }>(`${server!.url}/api/v1/dev/submissions/${submissionId}`, auth);
        return v.timeline.some((e) => e.type === 'audit.phase1.drawn');
      },
      120_000,
      100,
    );
    const stoppedAt = Date.now();
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(server.output()).toMatch(/finishing in-flight work/);
    expect(server.output()).toMatch(/"msg":"stopped"/);
    // Waiting for the verdicts in flight takes about one review delay.
    expect(Date.now() - stoppedAt).toBeGreaterThan(500);

    const db = await PGlite.create(join(dataDir, 'pglite'));
    try {
      const active = await db.query<{ n: number }>(`select count(*)::int as n from sigma_jobs.job where state = 'active'`);
      expect(active.rows[0]!.n).toBe(0);
      const decided = await db.query<{ n: number }>(`select count(*)::int as n from sigma.seats where status <> 'PENDING'`);
      expect(decided.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
    server = null;
  });
});
