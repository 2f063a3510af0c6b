import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId24, VerifyResponse } from '@sigma/core';
import { certificates } from '../src/db/schema/index.js';
import { CacheCoherence, CERTIFICATE_CHANGED_CHANNEL } from '../src/domain/certificates/coherence.js';
import { CertificateReadCache } from '../src/domain/certificates/read-cache.js';
import { ViewCounter } from '../src/domain/certificates/view-counter.js';
import { startTestServer, submitApproved, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

/**
 * The public read cache with a TTL far longer than any wait below: a change can only show within the
 * waits because the database's change notice dropped the cached entry.
 */
const TTL_MS = 60_000;
const NOTICE_WAIT_MS = 5_000;
let t: TestServer;
let certificateId = '';
const verify = async () => (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();

beforeAll(async () => {
  t = await startTestServer({ env: { SIGMA_PUBLIC_CACHE_MS: String(TTL_MS) } });
  const v = await submitApproved(t, BENIGN_SKILL);
  certificateId = v.certificateId;
});
afterAll(async () => t?.close());

/** Write as another process would: on PostgreSQL through a connection of its own, on PGlite beside the app. */
async function writeElsewhere(statement: string, params: unknown[]): Promise<void> {
  if (process.env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: (t.s.database.pool as unknown as { options: { connectionString: string } }).options.connectionString });
    await c.connect();
    try {
      await c.query(statement, params);
    } finally {
      await c.end();
    }
  } else {
    await t.s.database.pglite!.query(statement, params);
  }
}

describe('the public read cache follows the database, not a timer', () => {
  it('a status change written outside the API reaches verify through the change notice, long before the TTL', async () => {
    expect(await verify()).toMatchObject({ valid: true, status: 'APPROVED' });
    await writeElsewhere(`update sigma.certificates set status = 'SUSPENDED' where id = $1`, [certificateId]);
    const after = await waitFor(async () => {
      const v = await verify();
      return v.status === 'SUSPENDED' ? v : null;
    }, NOTICE_WAIT_MS);
    expect(after.valid).toBe(false);
    await writeElsewhere(`update sigma.certificates set status = 'APPROVED' where id = $1`, [certificateId]);
    await waitFor(async () => (await verify()).valid === true, NOTICE_WAIT_MS);
  });

  it('a snapshot altered in the database is caught by the recomputed hash even while the certificate is cached', async () => {
    expect((await verify()).valid).toBe(true);
    const [row] = await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId));
    const original = row!.snapshotJson;
    expect(original).toContain('"skillName":"');
    await writeElsewhere(`update sigma.certificates set snapshot_json = replace(snapshot_json, '"skillName":"', '"skillName":"renamed-') where id = $1`, [
      certificateId,
    ]);
    const tampered = await waitFor(async () => {
      const v = await verify();
      return v.valid === false ? v : null;
    }, NOTICE_WAIT_MS);
    expect(tampered.invalidReasons).toContain('stored snapshot no longer hashes to the payload hash');
    await writeElsewhere(`update sigma.certificates set snapshot_json = $2 where id = $1`, [certificateId, original]);
    await waitFor(async () => (await verify()).valid === true, NOTICE_WAIT_MS);
  });

  it('a stored snapshot that is not JSON any more: verify and the record answer CERTIFICATE_UNREADABLE, live-status says not valid', async () => {
    const [row] = await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId));
    const original = row!.snapshotJson;
    await writeElsewhere(`update sigma.certificates set snapshot_json = '{"truncated":' where id = $1`, [certificateId]);
    const broken = await waitFor(async () => {
      const r = await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`);
      return r.statusCode === 500 ? r : null;
    }, NOTICE_WAIT_MS);
    expect(broken.json().error.code).toBe('SIGMA_E_CERTIFICATE_UNREADABLE');
    expect((await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json().error.code).toBe('SIGMA_E_CERTIFICATE_UNREADABLE');
    const live = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json();
    expect(live).toMatchObject({ valid: false });
    expect(live.invalidReasons).toContain('stored snapshot cannot be parsed');
    await writeElsewhere(`update sigma.certificates set snapshot_json = $2 where id = $1`, [certificateId, original]);
    await waitFor(async () => (await verify()).valid === true, NOTICE_WAIT_MS);
  });

  it('an escalated flag written outside the API makes the certificate invalid at once', async () => {
    const flagId = newId24();
    await writeElsewhere(`insert into sigma.certificate_flags (id, certificate_id, reason, status) values ($1, $2, 'calls an undeclared host', 'ESCALATED')`, [
      flagId,
      certificateId,
    ]);
    const flagged = await waitFor(async () => {
      const v = await verify();
      return v.activeFlagCount === 1 ? v : null;
    }, NOTICE_WAIT_MS);
    expect(flagged.valid).toBe(false);
    expect(flagged.invalidReasons).toContain('1 escalated flag(s) open');
    await writeElsewhere(`update sigma.certificate_flags set status = 'DISMISSED' where id = $1`, [flagId]);
    await waitFor(async () => (await verify()).activeFlagCount === 0, NOTICE_WAIT_MS);
  });

  it('the reply assembled from cached bytes is the documented response, quiet or flagged, and counts each view', async () => {
    const quiet = [await verify(), await verify()];
    for (const v of quiet) expect(VerifyResponse.strict().safeParse(v).error).toBeUndefined();
    expect(quiet[1].views).toBe(quiet[0].views + 1);
    expect(quiet[1]).toEqual({ ...quiet[0], views: quiet[0].views + 1 });
    // An open flag (not escalated): still valid, but the live part is no longer the cached quiet one.
    const flagId = newId24();
    await writeElsewhere(`insert into sigma.certificate_flags (id, certificate_id, reason, status) values ($1, $2, 'docs out of date', 'OPEN')`, [
      flagId,
      certificateId,
    ]);
    const flagged = await waitFor(async () => {
      const v = await verify();
      return v.activeFlagCount === 1 ? v : null;
    }, NOTICE_WAIT_MS);
    expect(VerifyResponse.strict().safeParse(flagged).error).toBeUndefined();
    expect(flagged).toMatchObject({ valid: true, activeFlagCount: 1 });
    expect(flagged.views).toBeGreaterThan(quiet[1].views);
    await writeElsewhere(`update sigma.certificate_flags set status = 'DISMISSED' where id = $1`, [flagId]);
    const again = await waitFor(async () => {
      const v = await verify();
      return v.activeFlagCount === 0 ? v : null;
    }, NOTICE_WAIT_MS);
    expect(again).toEqual({ ...quiet[0], views: again.views });
  });

  it('writing view counts sends no change notice (verify stays a cache hit under load)', async () => {
    const notices: string[] = [];
    const stop = await t.s.database.listen(
      CERTIFICATE_CHANGED_CHANNEL,
      (id) => notices.push(id),
      () => undefined,
    );
    try {
      const counter = new ViewCounter(t.s.db);
      counter.add(certificateId);
      await counter.flush();
      // A real change afterwards is heard: the listener works, so the silence above means something.
      await writeElsewhere(`update sigma.certificates set committed_at = now() where id = $1`, [certificateId]);
      await waitFor(async () => notices.length > 0, NOTICE_WAIT_MS);
      expect(notices).toEqual([certificateId]);
    } finally {
      await stop();
    }
  });

  it('warms with every certificate when change notices flow, and not at all when they do not', async () => {
    expect(await t.app.sigmaCertificates.warmed).toBe(0); // the database was empty at start
    const views = new ViewCounter(t.s.db);
    const listening = new CacheCoherence(TTL_MS);
    listening.setListening(true);
    const cache = new CertificateReadCache(t.s.db, views, listening, 10);
    const n = (await t.s.db.select({ id: certificates.id }).from(certificates)).length;
    expect(n).toBeGreaterThan(0);
    expect(await cache.warm(async () => undefined, 1)).toBe(n);
    expect(cache.size).toBe(n);
    const deaf = new CacheCoherence(TTL_MS);
    expect(await new CertificateReadCache(t.s.db, views, deaf, 10).warm()).toBe(0);
  });
});

// The listening connection is a separate PostgreSQL session only on PostgreSQL (PGlite has one session).
describe.runIf(!!process.env.DATABASE_URL)('when the listening connection drops (PostgreSQL)', () => {
  it('falls back to the TTL, reconnects, and follows the database again', async () => {
    const states: boolean[] = [];
    const notices: string[] = [];
    const stop = await t.s.database.listen(
      CERTIFICATE_CHANGED_CHANNEL,
      (id) => notices.push(id),
      (on) => states.push(on),
    );
    try {
      expect(states).toEqual([true]);
      await writeElsewhere(
        `select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN ${CERTIFICATE_CHANGED_CHANNEL}' and datname = current_database()`,
        [],
      );
      await waitFor(async () => states.length >= 3, 15_000);
      expect(states.slice(0, 3)).toEqual([true, false, true]);
      // The app's own listener was terminated too; it is back, so a change shows at once again.
      await writeElsewhere(`update sigma.certificates set status = 'SUSPENDED' where id = $1`, [certificateId]);
      await waitFor(async () => notices.includes(certificateId), NOTICE_WAIT_MS);
      await waitFor(async () => (await verify()).status === 'SUSPENDED', NOTICE_WAIT_MS);
      await writeElsewhere(`update sigma.certificates set status = 'APPROVED' where id = $1`, [certificateId]);
      await waitFor(async () => (await verify()).status === 'APPROVED', NOTICE_WAIT_MS);
    } finally {
      await stop();
    }
  });
});
