// The SIGMA side of the verify benchmark: the real app on the embedded database, loaded with N certificates.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { canonicalJson, HASH_SCHEME, payloadHash } from '../packages/core/src/index.js';
import { sampleSnapshot } from '../packages/core/src/testing.js';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { certificates } from '../packages/server/src/db/schema/index.js';
import { createServices, seedDemo } from '../packages/server/src/runtime.js';

const n = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
// BENCH_DATA_DIR=<dir> keeps the loaded database there and reuses it on the next run (for quick iterations).
const dir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sigma-bench-verify-'));
const config = loadConfig({
  SIGMA_DATA_DIR: dir,
  SIGMA_CHAIN: 'off',
  SIGMA_LOG_LEVEL: 'silent',
  SIGMA_RATE_LIMIT_PER_MINUTE: '100000000',
  SIGMA_SEED_VALIDATORS: '5',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const quiet = { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined } as never;
const s = await createServices(config, { log: quiet });
await seedDemo(s);
const { developers } = await import('../packages/server/src/db/schema/index.js');
const devId = (await s.db.select({ id: developers.id }).from(developers).limit(1))[0]!;
const started = Date.now();
const [have] = await s.db.select({ n: sql<number>`count(*)::int` }).from(certificates);
const reuse = (have?.n ?? 0) === n;
// Submissions and rounds in bulk through SQL; certificates with a real snapshot and payload hash each.
const ids: string[] = [];
if (!reuse) {
  await s.db.execute(sql`insert into sigma.submissions (id, developer_id, product_type, status, source_type, content_hash)
    select lpad(to_hex(g), 24, '0'), ${devId.id}, 'SKILL', 'APPROVED', 'upload', 'x' from generate_series(1, ${n}) g`);
  await s.db.execute(sql`insert into sigma.rounds (id, submission_id, round_type, trigger_source, round_number, status, phase, seed, prompt_nonce, outcome)
    select lpad(to_hex(g), 24, '0'), lpad(to_hex(g), 24, '0'), 'INITIAL_AUDIT', 'SUBMISSION', 1, 'CLOSED', 2, 'seed', 'nonce', 'APPROVE' from generate_series(1, ${n}) g`);
  const signature = await s.issuer.signPayloadHash(payloadHash(sampleSnapshot()));
  const batch = 2000;
  for (let start = 1; start <= n; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(n + 1, start + batch); i++) {
      const id = i.toString(16).padStart(24, '0');
      ids.push(id);
      const snap = sampleSnapshot({ certificateId: `c${id.slice(1)}`, submissionId: id, skillName: `skill-${i}` });
      const text = canonicalJson(snap);
      rows.push({
        id: `c${id.slice(1)}`,
        submissionId: id,
        roundId: id,
        snapshotJson: text,
        payloadHash: payloadHash(snap),
        hashScheme: HASH_SCHEME,
        // /verify recomputes the hash but does not re-check signatures; one real signature stands in for all.
        signature,
        issuer: s.issuer.address,
        status: 'APPROVED' as const,
        skillName: snap.skillName,
        skillVersion: snap.skillVersion,
        productType: 'SKILL' as const,
        securityLevel: 'CLEAR' as const,
        issuedAt: new Date(snap.certificateIssuedAt),
        expiresAt: new Date(Date.now() + 365 * 86_400_000),
      });
    }
    await s.db.insert(certificates).values(rows);
  }
  // Sealing gives every certificate its view-count row.
  await s.db.execute(sql`insert into sigma.certificate_views (certificate_id, views) select id, 0 from sigma.certificates`);
} else {
  for (let i = 1; i <= n; i++) ids.push(i.toString(16).padStart(24, '0'));
}
const loadMs = Date.now() - started;
const app = await buildApp(s);
// What a restarted server does: the public read cache warms in the background before traffic is measured.
const warmStarted = Date.now();
const warmed = await app.sigmaCertificates.warmed;
const warmMs = Date.now() - warmStarted;
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${JSON.stringify({ port: (app.server.address() as { port: number }).port, n: ids.length, loadMs, warmed, warmMs })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
