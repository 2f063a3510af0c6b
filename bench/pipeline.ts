// `npm run bench -- pipeline [--submissions N] [--concurrency C]`
// Starts the real server process (`sigma-server all`, embedded PGlite, offline reviewers, no chain),
// pushes N submissions (default 200) through the whole lifecycle with C clients in a closed loop, and
// prints the median and p95 seconds from submit to certificate, the throughput, and the server's peak
// resident memory. Baseline in the same run: the round trip of GET /healthz on the same server.
// Targets: median ≤ 2 s, peak RSS < 700 MB. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, peakRssMb, quantile, resetPeakRss, rssMb } from './_util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'sigma_dk_bench_pipeline_key_0001';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** How often each client asks for its submission's status. */
const POLL_MS = 250;

function skill(i: number): string {
  return `---\nname: bench-skill-${i}\nversion: 1.0.${i}\ndescription: Formats a table of numbers the user pastes.\n---\n\n# Table formatter ${i}\n\nAlign the columns of the table the user pastes and right-align numbers. Never change values.\n`;
}

export async function run(args: string[]): Promise<void> {
  const total = arg(args, 'submissions', 200);
  const concurrency = arg(args, 'concurrency', 4);
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'sigma-bench-pipeline-')), 'data');
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of the server there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // BENCH_QUERY_PROFILE=1 prints the server's costliest database statements when it stops.
  if (process.env.BENCH_QUERY_PROFILE) profile.push('--import', pathToFileURL(join(root, 'bench/_query-profile.mjs')).href);
  const server = spawn(process.execPath, [...profile, join(root, 'packages/server/bin/sigma-server.js'), 'all'], {
    env: {
      ...process.env,
      PORT: String(port),
      SIGMA_DATA_DIR: dataDir,
      SIGMA_CHAIN: 'off',
      SIGMA_LOG_LEVEL: process.env.SIGMA_DEBUG_MEMORY ? 'info' : 'warn',
      SIGMA_SEED_DEV_API_KEY: KEY,
      SIGMA_RATE_LIMIT_PER_MINUTE: '1000000',
      SIGMA_SEED_DEV_CREDITS: String(Math.max(10_000, total * 1_000)),
    },
    stdio: ['ignore', process.env.SIGMA_DEBUG_MEMORY ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 600) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const startupPeak = peakRssMb(server.pid!);
    // Let the first-start allocations (initdb) be collected before measuring the working peak.
    let settled = rssMb(server.pid!) ?? 0;
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = rssMb(server.pid!) ?? 0;
      if (now > settled * 0.98) break;
      settled = now;
    }
    const reset = resetPeakRss(server.pid!);
    const idle = rssMb(server.pid!);
    // Baseline: an HTTP round trip to the same server.
    const rt: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`${base}/healthz`)).text();
      rt.push(performance.now() - t);
    }
    const auth = { authorization: `Bearer ${KEY}` };
    const latencies: number[] = [];
    const serverLatencies: number[] = [];
    const submitMs: number[] = [];
    const sealLatencies: number[] = [];
    let next = 0;
    let failed = 0;
    const started = performance.now();
    const client = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        const submittedAt = Date.now();
        const r = await fetch(`${base}/api/v1/dev/submissions`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            category: 'SKILL',
            source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: Buffer.from(skill(i)).toString('base64') }] },
          }),
        });
        const { submissionId } = (await r.json()) as { submissionId: string };
        submitMs.push(performance.now() - t0);
        for (;;) {
          const v = (await (await fetch(`${base}/api/v1/dev/submissions/${submissionId}`, { headers: auth })).json()) as {
            status: string;
            timeline: Array<{ type: string; at: string }>;
          };
          if (v.status === 'APPROVED') {
            // The server's own record: first timeline event (the upload is accepted) to the seal.
            const first = Date.parse(v.timeline[0]!.at);
            const sealed = v.timeline.find((e) => e.type === 'certificate.sealed');
            if (sealed) {
              serverLatencies.push((Date.parse(sealed.at) - first) / 1000);
              // Client and server share this machine's clock: from the moment the client submitted.
              sealLatencies.push((Date.parse(sealed.at) - submittedAt) / 1000);
            }
            break;
          }
          if (v.status === 'REJECTED' || v.status === 'ESCALATED') {
            failed++;
            break;
          }
          // Twice as often as `sigma status --watch` polls: the clients' polling is part of the load.
          await new Promise((res) => setTimeout(res, POLL_MS));
        }
        latencies.push((performance.now() - t0) / 1000);
        if (latencies.length % 20 === 0) process.stdout.write(`\r${latencies.length}/${total} certified`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
    const wall = (performance.now() - started) / 1000;
    console.log('');
    console.log(`submissions: ${total} (${concurrency} clients, closed loop), not approved: ${failed}`);
    console.log(
      `submit → certificate sealed: median ${fmt(quantile(sealLatencies, 0.5), 2)} s, p95 ${fmt(quantile(sealLatencies, 0.95), 2)} s (target median ≤ 2 s)`,
    );
    console.log(
      `  of which POST /submissions (quote, payment, files; answered before the lifecycle runs): median ${fmt(quantile(submitMs, 0.5), 0)} ms, p95 ${fmt(quantile(submitMs, 0.95), 0)} ms`,
    );
    console.log(
      `  and the lifecycle on the server's timeline (accepted → sealed): median ${fmt(quantile(serverLatencies, 0.5), 2)} s, p95 ${fmt(quantile(serverLatencies, 0.95), 2)} s`,
    );
    console.log(
      `submit → client sees APPROVED (polling every ${POLL_MS} ms): median ${fmt(quantile(latencies, 0.5), 2)} s, p95 ${fmt(quantile(latencies, 0.95), 2)} s`,
    );
    console.log(`throughput: ${fmt(total / wall, 1)} certificates/s over ${fmt(wall, 1)} s`);
    console.log(
      `baseline: GET /healthz round trip median ${fmt(quantile(rt, 0.5), 2)} ms; ratio median-latency / round-trip = ${fmt((quantile(latencies, 0.5) * 1000) / quantile(rt, 0.5), 0)}×`,
    );
    console.log(
      `server peak RSS while certifying: ${reset ? `${fmt(peakRssMb(server.pid!) ?? NaN, 0)} MB` : 'n/a (cannot reset the peak here)'} (target < 700 MB); ` +
        `idle after start ${fmt(idle ?? NaN, 0)} MB; peak during first start (PGlite initdb on a fresh data dir): ${fmt(startupPeak ?? NaN, 0)} MB`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
