// `npm run bench -- code [--runs N] [--gap MS]`
// Milliseconds per small tool for the execution sandbox (runInSandbox: workspace, bwrap, strace,
// loopback sink, record), median and p95, next to a baseline measured in the same run: the same
// entry point started directly by its runtime in a temp directory (these are our own benchmark
// tools, not submissions, so running them bare is fine). Also prints the static half (analyze + staticCodeReview)
// on the same files, and static+sandbox, against the target of a 3 s median per small
// tool. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze, finishCodeReview, ingestFiles, runInSandbox, sandboxAvailable, staticCodeReview } from '../packages/evidence/src/index.js';
import { quantile } from './_util.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** Small tools of the kinds agents run: CLIs, a stdin filter, one that tries the network, one that spawns. */
const TOOLS: { name: string; entry: string; files: Record<string, string>; envNames?: string[]; args?: string[] }[] = [
  {
    name: 'node-cli',
    entry: 'bin/cli.js',
    args: ['--format', 'md'],
    files: {
      'bin/cli.js': "const { render } = require('../lib/render');\nconst rows = require('../data/rows.json');\nconsole.log(render(rows, process.argv[3]));\n",
      'lib/render.js': "exports.render = (rows, f) => rows.map((r) => (f === 'md' ? `| ${r.name} | ${r.n} |` : `${r.name}\\t${r.n}`)).join('\\n');\n",
      'data/rows.json': JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ name: `item${i}`, n: i * 3 }))),
    },
  },
  {
    name: 'node-esm-fetch',
    entry: 'index.mjs',
    envNames: ['WEATHER_API_KEY'],
    files: {
      'index.mjs':
        "const url = `http://api.weather.example/v1/now?key=${process.env.WEATHER_API_KEY}`;\ntry { const r = await fetch(url); console.log(r.status); } catch (e) { console.log('offline', e.cause?.code); }\n",
    },
  },
  {
    name: 'python-report',
    entry: 'report.py',
    args: ['--top', '3'],
    files: {
      'report.py':
        'import csv, io, json, sys\nfrom stats import summary\nrows = list(csv.DictReader(io.StringIO(open("data.csv").read())))\nprint(json.dumps(summary(rows, int(sys.argv[2]))))\n',
      'stats.py':
        'def summary(rows, top):\n    rows = sorted(rows, key=lambda r: -float(r["v"]))\n    return {"n": len(rows), "top": [r["k"] for r in rows[:top]]}\n',
      'data.csv': 'k,v\n' + Array.from({ length: 200 }, (_, i) => `k${i},${(i * 37) % 101}`).join('\n') + '\n',
    },
  },
  {
    name: 'python-shell',
    entry: 'tool.py',
    files: {
      'tool.py':
        'import subprocess, tempfile\np = tempfile.mktemp()\nopen(p, "w").write("hello")\nprint(subprocess.run(["wc", "-c", p], capture_output=True, text=True).stdout.strip())\n',
    },
  },
];

function baselineMs(tool: (typeof TOOLS)[number]): number {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-bench-code-'));
  try {
    for (const [p, text] of Object.entries(tool.files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const runtime = tool.entry.endsWith('.py') ? '/usr/bin/python3' : process.execPath;
    const t = performance.now();
    // No network is reachable from a bench either way; a short timeout keeps an offline fetch from dominating.
    spawnSync(runtime, [tool.entry, ...(tool.args ?? [])], { cwd: dir, stdio: 'ignore', timeout: 10_000, env: { PATH: '/usr/bin:/bin', HOME: dir } });
    return performance.now() - t;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const runsIdx = args.indexOf('--runs');
  const runs = runsIdx >= 0 ? Math.max(1, Number(args[runsIdx + 1]) || 5) : 5;
  const gapIdx = args.indexOf('--gap');
  const gap = gapIdx >= 0 ? Math.max(0, Number(args[gapIdx + 1]) || 0) : 250;
  const avail = await sandboxAvailable();
  if (!avail.available) {
    console.log(`sandbox not available here: ${avail.reason}`);
    return;
  }
  console.log(`sandbox: available (every address reaches the sink: ${avail.anyAddress}); ${runs} runs per tool, ${gap} ms between runs`);
  const sandbox: number[] = [];
  const staticMs: number[] = [];
  const combined: number[] = [];
  const base: number[] = [];
  const phases: { sink: number[]; exited: number[]; traced: number[] } = { sink: [], exited: [], traced: [] };
  const onPhases = (p: { sink: number; exited: number; traced: number }) => {
    phases.sink.push(p.sink);
    phases.exited.push(p.exited - p.sink);
    phases.traced.push(p.traced - p.exited);
  };
  for (const tool of TOOLS) {
    const files = Object.entries(tool.files).map(([path, text]) => ({ path, bytes: enc(text) }));
    const per: number[] = [];
    for (let i = 0; i < runs; i++) {
      await new Promise((r) => setTimeout(r, gap));
      let t = performance.now();
      // What the server's evidence step does for a CODE submission: the engine, then the code review's static half.
      await analyze(ingestFiles(files), { productType: 'CODE' });
      const review = staticCodeReview(files, { entry: tool.entry });
      const s = performance.now() - t;
      t = performance.now();
      const envNames = [...new Set([...(tool.envNames ?? []), ...review.envNames])];
      const record = await runInSandbox({ files, entry: tool.entry, args: tool.args, envNames }, { onPhases });
      finishCodeReview(review, record);
      const x = performance.now() - t;
      if (record.outcome !== 'COMPLETED') console.log(`  ${tool.name}: ${record.outcome} ${record.reason}`);
      per.push(x);
      sandbox.push(x);
      staticMs.push(s);
      combined.push(s + x);
      base.push(baselineMs(tool));
    }
    console.log(`  ${tool.name.padEnd(16)} sandbox median ${quantile(per, 0.5).toFixed(0)} ms   p95 ${quantile(per, 0.95).toFixed(0)} ms`);
  }
  const med = quantile(sandbox, 0.5);
  const bmed = quantile(base, 0.5);
  console.log(`all tools (${sandbox.length} runs)`);
  console.log(`  sandbox         median ${med.toFixed(0)} ms   p95 ${quantile(sandbox, 0.95).toFixed(0)} ms`);
  console.log(
    `  static          median ${quantile(staticMs, 0.5).toFixed(1)} ms   p95 ${quantile(staticMs, 0.95).toFixed(1)} ms   (analyze + the static code review on the same files)`,
  );
  console.log(`  static+sandbox  median ${quantile(combined, 0.5).toFixed(0)} ms   p95 ${quantile(combined, 0.95).toFixed(0)} ms   (target: median ≤ 3000 ms)`);
  console.log(`  baseline        median ${bmed.toFixed(0)} ms   p95 ${quantile(base, 0.95).toFixed(0)} ms   (the runtime started directly, no sandbox)`);
  console.log(`  ratio           median ${(med / bmed).toFixed(1)}x`);
  const q = (xs: number[]) => `${quantile(xs, 0.5).toFixed(0)}/${quantile(xs, 0.95).toFixed(0)}`;
  console.log(`  phases (median/p95 ms): start to code running ${q(phases.sink)}, code running ${q(phases.exited)}, trace read ${q(phases.traced)}`);
}
