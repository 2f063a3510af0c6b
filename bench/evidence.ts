// `npm run bench -- evidence [corpus-dir] [--runs N]`
// Median and p95 milliseconds per skill for the evidence engine over the dev corpus and over a
// generated 512 KB skill, next to a baseline measured in the same run (reading the same files
// and SHA-256 of their bytes), and the ratio. Prints figures; asserts nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, ingestFiles, ingestPath } from '../packages/evidence/src/index.js';
import type { InputFile } from '../packages/evidence/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** A synthetic skill of ~512 KB: long instructions plus Python, JS and shell scripts. */
export function generatedSkill(): InputFile[] {
  const enc = new TextEncoder();
  const para =
    'This skill formats quarterly reports. Read the CSV the user provides, compute totals per region, and write a Markdown table. ' +
    'See https://docs.example.org/reports for the column names. Never send data anywhere; everything stays local.\n';
  const md = `---\nname: big-report\ndescription: Formats large reports.\ncapabilities: [filesystem]\n---\n\n${'## Section\n\n'.concat(para.repeat(6), '\n```bash\npython scripts/report.py --in data.csv --out report.md\n```\n\n').repeat(170)}`;
  const py = `import csv\nimport os\nfrom pathlib import Path\n\n${'def total_{i}(rows):\n    """Sum the amount column."""\n    s = 0\n    for r in rows:\n        s += float(r["amount"])  # amount in cents\n    return s\n\n'.repeat(1)}`;
  const pyBody = Array.from(
    { length: 2600 },
    (_, i) =>
      `def total_${i}(rows):\n    """Sum the amount column for group ${i}."""\n    return sum(float(r["amount"]) for r in rows if r.get("group") == "${i}")\n`,
  ).join('\n');
  const js = Array.from(
    { length: 2200 },
    (_, i) => `export function fmt${i}(x) {\n  // format a number with separators\n  return new Intl.NumberFormat('en-US').format(x) + ' (${i})';\n}\n`,
  ).join('\n');
  const sh = `#!/bin/sh\nset -eu\n${'mkdir -p out && python3 scripts/report.py --in "$1" --out out/report.md\n'.repeat(900)}`;
  const files = [
    { path: 'SKILL.md', text: md.slice(0, 190_000) },
    { path: 'scripts/report.py', text: (py + pyBody).slice(0, 190_000) },
    { path: 'scripts/format.js', text: js.slice(0, 75_000) },
    { path: 'scripts/run.sh', text: sh.slice(0, 55_000) },
  ];
  return files.map((f) => ({ path: f.path, bytes: enc.encode(f.text) }));
}

interface Row {
  name: string;
  engine: number[];
  baseline: number[];
}

function printRows(title: string, rows: Row[]): void {
  const eng = rows.map((r) => quantile(r.engine, 0.5));
  const base = rows.map((r) => quantile(r.baseline, 0.5));
  const med = quantile(eng, 0.5);
  const p95 = quantile(eng, 0.95);
  const bmed = quantile(base, 0.5);
  const bp95 = quantile(base, 0.95);
  console.log(`${title}`);
  console.log(`  engine    median ${med.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   (per skill, ${rows.length} skill(s))`);
  console.log(`  baseline  median ${bmed.toFixed(3)} ms   p95 ${bp95.toFixed(3)} ms   (read + SHA-256 of the same files)`);
  console.log(`  ratio     median ${(med / bmed).toFixed(1)}x   p95 ${(p95 / bp95).toFixed(1)}x`);
}

export async function run(args: string[]): Promise<void> {
  const runsIdx = args.indexOf('--runs');
  const runs = runsIdx >= 0 ? Math.max(1, Number(args[runsIdx + 1]) || 5) : 5;
  const corpus = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? join(here, '..', '..', 'shared', 'corpus', 'dev'));
  const rows: Row[] = [];
  if (existsSync(join(corpus, 'manifest.jsonl'))) {
    const ids = readFileSync(join(corpus, 'manifest.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { id: string }).id);
    // Warm up the JIT on every sample once.
    for (const id of ids) await analyze(await ingestPath(join(corpus, id)));
    for (const id of ids) {
      const dir = join(corpus, id);
      const row: Row = { name: id, engine: [], baseline: [] };
      const paths = await listFiles(dir);
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        for (const p of paths)
          createHash('sha256')
            .update(await readFile(join(dir, p)))
            .digest('hex');
        row.baseline.push(performance.now() - t);
        t = performance.now();
        await analyze(await ingestPath(dir));
        row.engine.push(performance.now() - t);
      }
      rows.push(row);
    }
    printRows(`dev corpus: ${corpus} (ingest from disk + analyze, ${runs} runs each)`, rows);
  } else {
    console.log(`dev corpus not found at ${corpus}; skipping the corpus figures`);
  }
  const big = generatedSkill();
  const total = big.reduce((n, f) => n + f.bytes.length, 0);
  for (let i = 0; i < 2; i++) await analyze(ingestFiles(big));
  const row: Row = { name: 'generated', engine: [], baseline: [] };
  for (let i = 0; i < Math.max(runs, 5); i++) {
    let t = performance.now();
    for (const f of big) createHash('sha256').update(Buffer.from(f.bytes)).digest('hex');
    row.baseline.push(performance.now() - t);
    t = performance.now();
    await analyze(ingestFiles(big));
    row.engine.push(performance.now() - t);
  }
  console.log('');
  const r = quantile(row.engine, 0.5);
  console.log(`generated skill: ${big.length} files, ${(total / 1024).toFixed(0)} KB (in memory; analyze only)`);
  console.log(`  engine    median ${r.toFixed(2)} ms   p95 ${quantile(row.engine, 0.95).toFixed(2)} ms   (${row.engine.length} runs)`);
  console.log(`  baseline  median ${quantile(row.baseline, 0.5).toFixed(3)} ms   (SHA-256 of the same bytes)`);
  console.log(`  ratio     ${(r / quantile(row.baseline, 0.5)).toFixed(1)}x`);
}
