// `npm run bench -- verify [--certificates N] [--seconds S] [--rounds R] [--connections C]`
// Loads N certificates (default 100,000) into the embedded database, then drives
// GET /api/v1/public/certificates/:id/verify with autocannon, next to a bare Fastify route measured
// in the same run on the same machine, in interleaved rounds. Prints req/s, p99 and the ratio; asserts nothing.
// Targets: ratio ≥ 0.5, p99 < 20 ms.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, peakRssMb, quantile, startChild } from './_util.js';

const here = dirname(fileURLToPath(import.meta.url));

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

type Run = Awaited<ReturnType<typeof drive>>;

async function drive(url: string, paths: string[], seconds: number, connections: number) {
  let i = 0;
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    total: r.requests.total,
    bytes: r.requests.total ? r.throughput.total / r.requests.total : 0,
  };
}

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'certificates', 100_000);
  const seconds = arg(args, 'seconds', 6);
  const roundsN = arg(args, 'rounds', 3);
  const connections = arg(args, 'connections', 20);
  console.log(`verify benchmark: loading ${n.toLocaleString()} certificates into embedded PGlite…`);
  const sigma = await startChild(join(here, '_verify-server.ts'), { BENCH_CERTIFICATES: String(n) });
  const bare = await startChild(join(here, '_bare-server.ts'));
  try {
    const loaded = sigma.info.n as number;
    console.log(
      `loaded ${loaded.toLocaleString()} in ${fmt((sigma.info.loadMs as number) / 1000)} s (${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}); read cache warmed with ${(sigma.info.warmed as number).toLocaleString()} in ${fmt((sigma.info.warmMs as number) / 1000)} s`,
    );
    const idOf = (i: number) => `c${i.toString(16).padStart(24, '0').slice(1)}`;
    // A fixed pseudo-random order, so runs are comparable.
    let x = 12345;
    const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const uniform = Array.from({ length: 50_000 }, () => `/api/v1/public/certificates/${idOf(1 + Math.floor(rnd() * loaded))}/verify`);
    const hot = Array.from({ length: 1000 }, (_, k) => `/api/v1/public/certificates/${idOf(1 + ((k * 97) % Math.max(1, Math.floor(loaded / 100))))}/verify`);
    const sigmaUrl = `http://127.0.0.1:${sigma.info.port}`;
    const bareUrl = `http://127.0.0.1:${bare.info.port}`;
    // Warm both up, then measure each alone, in interleaved rounds (bare, uniform, hot): on a shared
    // machine the load from neighbours drifts, and a baseline measured minutes apart skews the ratio.
    await drive(bareUrl, hot, 2, connections);
    await drive(sigmaUrl, hot, 2, connections);
    const rounds: Array<{ b: Run; u: Run; h: Run }> = [];
    for (let r = 0; r < roundsN; r++) {
      const b = await drive(bareUrl, uniform, seconds, connections);
      const u = await drive(sigmaUrl, uniform, seconds, connections);
      const h = await drive(sigmaUrl, hot, seconds, connections);
      rounds.push({ b, u, h });
      console.log(
        `round ${r + 1}/${roundsN}: bare ${fmt(b.rps, 0)} req/s, uniform ${fmt(u.rps, 0)} (ratio ${fmt(u.rps / b.rps, 2)}), hot ${fmt(h.rps, 0)} (ratio ${fmt(h.rps / b.rps, 2)})`,
      );
    }
    // Each row: the median round's req/s and p50, the worst round's p99 and errors summed; the
    // ratio is the median of the rounds' own ratios (each against the baseline measured beside it).
    const med = (xs: number[]) => quantile(xs, 0.5);
    const row = (pick: (r: (typeof rounds)[number]) => Run) => ({
      rps: med(rounds.map((r) => pick(r).rps)),
      p50: med(rounds.map((r) => pick(r).p50)),
      p99: Math.max(...rounds.map((r) => pick(r).p99)),
      errors: rounds.reduce((n, r) => n + pick(r).errors, 0),
      bytes: med(rounds.map((r) => pick(r).bytes)),
      ratio: med(rounds.map((r) => pick(r).rps / r.b.rps)),
    });
    console.log('');
    console.log(`                                            req/s     p50 ms   p99 ms   ratio   errors   bytes/reply`);
    const line = (name: string, r: ReturnType<typeof row>) =>
      console.log(
        `${name.padEnd(40)} ${fmt(r.rps, 0).padStart(8)}   ${fmt(r.p50, 1).padStart(6)}   ${fmt(r.p99, 1).padStart(6)}   ${fmt(r.ratio, 2).padStart(5)}   ${String(r.errors).padStart(6)}   ${fmt(r.bytes, 0).padStart(11)}`,
      );
    line(
      'bare Fastify route (baseline)',
      row((r) => r.b),
    );
    line(
      `SIGMA /verify, uniform over ${loaded.toLocaleString()} certs`,
      row((r) => r.u),
    );
    line(
      'SIGMA /verify, hot 1% (repeat checks)',
      row((r) => r.h),
    );
    console.log('');
    console.log(`${roundsN} rounds of ${seconds} s each; req/s and p50 from the median round, p99 from the worst, ratio the median of per-round ratios.`);
    console.log(`targets: ratio ≥ 0.5, p99 < 20 ms.   server peak RSS: ${fmt(peakRssMb(sigma.proc.pid!) ?? NaN, 0)} MB`);
  } finally {
    await sigma.stop();
    await bare.stop();
  }
}
