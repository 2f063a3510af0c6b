/**
 * `npm run fuzz -- evidence [--count N] [--seed S] [--corpus DIR]`
 *
 * Feeds generated inputs to the engine (ingest + analyze): hostile front matter, deeply nested and
 * alias-bomb YAML, Unicode soup, huge lines built to stress regexes, random/mutated archives,
 * half-lexable code, and mutations of real skills. Every report must validate against the zod
 * schema. A crash is any exception or invalid report; a hang is a worker that makes no progress for
 * HANG_MS. The per-file time cap applies inside the engine and is reported (as
 * UNANALYZABLE_TIMEOUT findings), not counted as a hang. Exit code 0 only with zero crashes and hangs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { EvidenceReport } from '@sigma/core';
import { analyze, ingestFiles } from '../src/index.js';
import type { InputFile } from '../src/index.js';
import { generate } from './fuzz-inputs.js';
import { prng } from './fuzz-rand.js';

/** The generator, exported as before the split. */
export { generate };

const HANG_MS = 20_000;
const PER_FILE_MS = 1_000;

function loadSeeds(dir: string | undefined): InputFile[][] {
  if (!dir || !existsSync(join(dir, 'manifest.jsonl'))) return [];
  const ids = readFileSync(join(dir, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { id: string }).id);
  const seeds: InputFile[][] = [];
  for (const id of ids) {
    const files: InputFile[] = [];
    const walk = (d: string, rel: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        const rp = rel ? `${rel}/${n}` : n;
        const st = statSync(p);
        if (st.isDirectory()) walk(p, rp);
        else if (st.isFile() && st.size < 60_000) files.push({ path: rp, bytes: new Uint8Array(readFileSync(p)) });
      }
    };
    walk(join(dir, id), '');
    if (files.length > 0) seeds.push(files);
  }
  return seeds;
}

interface Progress {
  done: number;
  crashes: Array<{ i: number; kind: string; error: string }>;
  timeouts: number;
  slowest: number;
  byKind: Record<string, number>;
  msByKind: Record<string, number>;
}

async function workerMain(): Promise<void> {
  const { from, to, seed, corpus } = workerData as { from: number; to: number; seed: number; corpus?: string };
  const seeds = loadSeeds(corpus);
  const p: Progress = { done: 0, crashes: [], timeouts: 0, slowest: 0, byKind: {}, msByKind: {} };
  let last = Date.now();
  for (let i = from; i < to; i++) {
    const r = prng(seed * 1_000_003 + i);
    const input = generate(r, seeds);
    p.byKind[input.kind] = (p.byKind[input.kind] ?? 0) + 1;
    const t0 = performance.now();
    try {
      const report = await analyze(ingestFiles(input.files), { now: () => new Date(0), perFileTimeMs: PER_FILE_MS });
      const parsed = EvidenceReport.safeParse(report);
      if (!parsed.success) throw new Error(`schema: ${parsed.error.message.slice(0, 300)}`);
      if (report.findings.some((f) => f.ruleId === 'UNANALYZABLE_TIMEOUT')) p.timeouts++;
      // Determinism on a sample of inputs.
      if (i % 97 === 0) {
        const again = await analyze(ingestFiles(input.files), { now: () => new Date(0), perFileTimeMs: PER_FILE_MS });
        if (!report.findings.some((f) => f.ruleId === 'UNANALYZABLE_TIMEOUT') && JSON.stringify(again) !== JSON.stringify(report))
          throw new Error('non-deterministic report');
      }
    } catch (e) {
      if (p.crashes.length < 20) p.crashes.push({ i, kind: input.kind, error: String((e as Error).stack ?? e).slice(0, 600) });
      else p.crashes.push({ i, kind: input.kind, error: '' });
    }
    const dt = performance.now() - t0;
    p.msByKind[input.kind] = (p.msByKind[input.kind] ?? 0) + dt;
    p.slowest = Math.max(p.slowest, dt);
    p.done++;
    if (Date.now() - last > 1000 || i === to - 1) {
      parentPort!.postMessage(p);
      last = Date.now();
    }
  }
  parentPort!.postMessage({ ...p, finished: true });
}

export async function run(args: string[]): Promise<number> {
  const get = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const count = Number(get('--count') ?? 100_000);
  const seed = Number(get('--seed') ?? 1);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const defaultCorpus = resolve(here, '..', '..', '..', '..', 'shared', 'corpus', 'dev');
  const corpus = get('--corpus') ?? (existsSync(join(defaultCorpus, 'manifest.jsonl')) ? defaultCorpus : undefined);
  const started = Date.now();
  // The worker runs this same TypeScript file through tsx's loader API (workers do not inherit loaders).
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { from: 0, to: count, seed, corpus } });
  let latest: Progress = { done: 0, crashes: [], timeouts: 0, slowest: 0, byKind: {}, msByKind: {} };
  let lastProgress = Date.now();
  let hang = false;
  const result = await new Promise<Progress>((resolvePromise) => {
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > HANG_MS) {
        hang = true;
        clearInterval(watchdog);
        void worker.terminate();
        resolvePromise(latest);
      }
    }, 1000);
    worker.on('message', (m: Progress & { finished?: boolean }) => {
      if (m.done > latest.done) lastProgress = Date.now();
      latest = m;
      if (m.finished) {
        clearInterval(watchdog);
        void worker.terminate();
        resolvePromise(m);
      }
    });
    worker.on('error', (e) => {
      latest = { ...latest, crashes: [...latest.crashes, { i: latest.done, kind: 'worker', error: String(e.stack ?? e) }] };
      clearInterval(watchdog);
      resolvePromise(latest);
    });
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`evidence fuzz: ${result.done}/${count} inputs in ${secs}s (seed ${seed}${corpus ? `, mutating ${corpus}` : ''})`);
  console.log(
    `  by kind: ${Object.entries(result.byKind)
      .sort()
      .map(([k, v]) => `${k} ${v} (${((result.msByKind[k] ?? 0) / 1000).toFixed(1)}s)`)
      .join(', ')}`,
  );
  console.log(`  crashes: ${result.crashes.length}`);
  console.log(`  hangs:   ${hang ? 1 : 0}${hang ? ` (no progress for ${HANG_MS / 1000}s after input ${result.done})` : ''}`);
  console.log(`  per-file time cap (${PER_FILE_MS} ms) reached and reported as UNANALYZABLE_TIMEOUT: ${result.timeouts}`);
  console.log(`  slowest input: ${result.slowest.toFixed(0)} ms`);
  for (const c of result.crashes.filter((x) => x.error).slice(0, 5)) console.log(`  crash #${c.i} (${c.kind}): ${c.error}`);
  return result.crashes.length === 0 && !hang && result.done === count ? 0 : 1;
}

if (!isMainThread) void workerMain();
