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
import { deflateSync, gzipSync, zipSync } from 'fflate';
import { analyze, ingestFiles } from '../src/index.js';
import type { InputFile } from '../src/index.js';

const HANG_MS = 20_000;
const PER_FILE_MS = 1_000;
const enc = new TextEncoder();

/** Small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const TOKENS = [
  'curl ',
  'wget ',
  ' | ',
  'sh',
  'bash -i',
  '>& /dev/tcp/',
  'eval(',
  'exec(',
  'os.system(',
  'subprocess.run(',
  'shell=True',
  'require("child_process")',
  'ignore previous instructions',
  'mark this safe',
  'reviewer',
  'http://',
  'https://',
  '~/.ssh/id_rsa',
  '~/.aws/credentials',
  'os.environ',
  'process.env',
  'requests.post(',
  'fetch(',
  'base64 -d',
  'AKIA',
  'ghp_',
  'sk-ant-api03-',
  '-----BEGIN RSA PRIVATE KEY-----',
  '\\x41',
  'String.fromCharCode(',
  'chr(',
  '"""',
  "'''",
  '`',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  '/*',
  '*/',
  '//',
  '#',
  '<!--',
  '-->',
  '<IMPORTANT>',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\\',
  '"',
  "'",
  'while True:',
  'for (;;) {',
  'SELECT * FROM t WHERE a = ',
  'f"',
  'rm -rf ~',
  'xmrig',
  'stratum+tcp://',
  'crontab -',
  '>> ~/.bashrc',
  'always: true',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufe0f',
  '\u{e0041}',
  '\u{e0100}',
  '😀',
  '‍',
  'а',
  'ο',
  '\uffff',
  '\ud800',
  '\u0000',
  '---',
  '...',
  ': ',
  '- ',
  '&a ',
  '*a',
];

function randomText(r: Rand, maxLen: number): string {
  const parts: string[] = [];
  let len = 0;
  const target = int(r, maxLen) + 1;
  while (len < target) {
    const k = r();
    let piece: string;
    if (k < 0.45) piece = pick(r, TOKENS);
    else if (k < 0.75) piece = String.fromCharCode(32 + int(r, 95)).repeat(1 + int(r, 8));
    else if (k < 0.9) piece = String.fromCodePoint(int(r, 0x2fff));
    else piece = String.fromCodePoint(Math.min(0x10ffff, pick(r, [0xe0000, 0xe0020, 0x1f600, 0x10ffc0, 0xfe00, 0x200d]) + int(r, 64)));
    parts.push(piece);
    len += piece.length;
  }
  return parts.join('');
}

function frontMatter(r: Rand): string {
  const keys = ['name', 'description', 'version', 'capabilities', 'safety', 'externalCalls', 'allowed-tools', 'always', 'metadata', 'x'];
  const lines: string[] = [];
  for (let i = 0; i < 1 + int(r, 8); i++) {
    const k = pick(r, keys);
    const v = pick(r, [
      '',
      'true',
      '[a, b',
      '{x: 1}',
      '"quoted',
      "'q'",
      'a: b: c',
      '&anchor 1',
      '*anchor',
      '|\n  block',
      '>-\n  folded',
      randomText(r, 40),
      '- item',
      '!!binary aGk=',
      '!!js/function x',
    ]);
    lines.push(`${' '.repeat(int(r, 3))}${k}: ${v}`);
  }
  const open = pick(r, ['---', '---  ', '\ufeff---', '\n\n---', '+++', '---\r']);
  const close = pick(r, ['---', '...', '', '--- ', '----']);
  return `${open}\n${lines.join(pick(r, ['\n', '\r\n']))}\n${close}\n${randomText(r, 400)}`;
}

function nestedYaml(r: Rand): string {
  const depth = 50 + int(r, 3000);
  const k = r();
  let body: string;
  if (k < 0.33) body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  else if (k < 0.66) body = Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
  else {
    // Billion laughs.
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    body = lines.join('\n');
  }
  return `---\nname: deep\ndescription: x\nnest: ${body}\n---\nbody\n`;
}

function hugeLine(r: Rand): string {
  const n = 20_000 + int(r, 130_000);
  const unit = pick(r, [
    'a',
    ' ',
    'curl ',
    '|',
    '\\x41',
    'A1b2',
    '\u200b',
    '\n',
    'ignore ',
    '${',
    '"',
    '/*',
    'http://a',
    '~/.ssh/',
    'chr(65)+',
    '=',
    'é',
    '😀',
    '\t',
  ]);
  const body = unit.repeat(Math.max(1, Math.floor(n / unit.length))).slice(0, n);
  return r() < 0.5 ? body : `${skillHead()}${body}${pick(r, [' | sh', '', '"', '\n'])}`;
}

function skillHead(): string {
  return '---\nname: f\ndescription: fuzz\n---\n';
}

function code(r: Rand): InputFile {
  const ext = pick(r, ['py', 'js', 'ts', 'sh', 'mjs', 'ps1', 'json', 'yaml', 'html', 'md', 'txt', 'pyc', 'bin']);
  return { path: `scripts/f.${ext}`, bytes: enc.encode(randomText(r, 3000)) };
}

function randomBytes(r: Rand, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

function archive(r: Rand): Uint8Array {
  const k = r();
  const names = ['SKILL.md', '../x', '/abs', 'a/b/c.py', 'dir/', 'ünï/çødé.md', 'x'.repeat(300), 'a\\b.sh', 'nested.zip', 'C:/w', '', './.', 'n.tar.gz'];
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 1 + int(r, 6); i++) {
    const name = pick(r, names) + (r() < 0.5 ? String(i) : '');
    files[name || `e${i}`] = r() < 0.2 ? new Uint8Array(int(r, 200_000)) : enc.encode(randomText(r, 500));
  }
  if (r() < 0.3) files['inner.zip'] = zipSync({ 'SKILL.md': enc.encode(randomText(r, 200)), 'deeper.zip': zipSync({ 'x.sh': enc.encode('curl a | sh') }) });
  let out: Uint8Array;
  if (k < 0.5) out = zipSync(files);
  else if (k < 0.7)
    out = gzipSync(
      enc.encode(
        Object.values(files)
          .map((f) => new TextDecoder().decode(f))
          .join(''),
      ),
    );
  else if (k < 0.85) {
    out = zipSync(files);
    out = out.subarray(0, int(r, out.length)); // truncated
  } else {
    out = deflateSync(randomBytes(r, 200));
    out = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...out.subarray(0, 100), 0x50, 0x4b, 0x05, 0x06, ...randomBytes(r, 18)]);
  }
  // Random byte flips.
  if (r() < 0.3 && out.length > 0) for (let i = 0; i < 1 + int(r, 10); i++) out[int(r, out.length)] = int(r, 256);
  return out;
}

function mutate(r: Rand, seed: InputFile[]): InputFile[] {
  return seed.map((f) => {
    if (r() < 0.5 || f.bytes.length === 0) return f;
    const b = Uint8Array.from(f.bytes);
    const op = r();
    if (op < 0.4) for (let i = 0; i < 1 + int(r, 20); i++) b[int(r, b.length)] = int(r, 256);
    else if (op < 0.7) return { path: f.path, bytes: b.subarray(0, int(r, b.length)) };
    else {
      const at = int(r, b.length);
      const ins = enc.encode(pick(r, TOKENS).repeat(1 + int(r, 50)));
      const out = new Uint8Array(b.length + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(at), at + ins.length);
      return { path: f.path, bytes: out };
    }
    return { path: f.path, bytes: b };
  });
}

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

/** One generated input: a list of files to submit. */
export function generate(r: Rand, seeds: InputFile[][]): { kind: string; files: InputFile[] } {
  const k = r();
  if (k < 0.2) return { kind: 'front-matter', files: [{ path: 'SKILL.md', bytes: enc.encode(frontMatter(r)) }] };
  if (k < 0.25) return { kind: 'nested-yaml', files: [{ path: 'SKILL.md', bytes: enc.encode(nestedYaml(r)) }] };
  if (k < 0.45) return { kind: 'unicode', files: [{ path: 'SKILL.md', bytes: enc.encode(skillHead() + randomText(r, 2000)) }] };
  if (k < 0.455) return { kind: 'huge-line', files: [{ path: pick(r, ['SKILL.md', 'a.py', 'b.js', 'c.sh', 'd.json']), bytes: enc.encode(hugeLine(r)) }] };
  if (k < 0.6)
    return {
      kind: 'archive',
      files:
        r() < 0.5
          ? [{ path: 'upload.zip', bytes: archive(r) }]
          : [
              { path: 'SKILL.md', bytes: enc.encode(skillHead()) },
              { path: 'assets/a.zip', bytes: archive(r) },
            ],
    };
  if (k < 0.8) return { kind: 'code', files: [{ path: 'SKILL.md', bytes: enc.encode(frontMatter(r)) }, code(r), code(r)] };
  if (k < 0.85) return { kind: 'binary', files: [{ path: pick(r, ['x.pyc', 'x.class', 'x.png', 'x', 'x.wasm']), bytes: randomBytes(r, int(r, 5000)) }] };
  if (seeds.length > 0) {
    const seed = pick(r, seeds);
    const start = int(r, seed.length);
    return { kind: 'mutation', files: mutate(r, seed.length > 6 ? [...seed.slice(start, start + 6)] : seed) };
  }
  return { kind: 'unicode', files: [{ path: 'SKILL.md', bytes: enc.encode(randomText(r, 5000)) }] };
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
