/**
 * `npm run eval -- <corpus-dir> [--json] [--verbose]`
 *
 * Runs the evidence engine on every sample listed in <corpus-dir>/manifest.jsonl and prints recall
 * on `malicious` samples and false-positive rates on `benign` and `dual-use` samples, each with a
 * Wilson 95% interval, plus a per-category table. Labels come only from the manifest's `label`
 * field; the engine reads only the sample folder (never `_labels/`).
 *
 * Flagged = report.blocked OR sourceFacts.highRiskSignalCount > 0 OR any HIGH/CRITICAL finding.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvidenceReport } from '@sigma/core';
import { analyze, ingestPath } from '../src/index.js';

export interface Sample {
  id: string;
  label: string;
  category: string;
  kind?: string;
}

export interface SampleResult {
  id: string;
  label: string;
  category: string;
  flagged: boolean;
  blocked: boolean;
  highRisk: number;
  promptInjection: number;
  secrets: number;
  risk: string;
  /** Rule ids of HIGH/CRITICAL findings (why it was flagged). */
  reasons: string[];
  ms: number;
}

export function isFlagged(r: EvidenceReport): boolean {
  return r.blocked || r.sourceFacts.highRiskSignalCount > 0 || r.findings.some((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
}

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k: number, n: number, z = 1.959964): { p: number; lo: number; hi: number } {
  if (n === 0) return { p: 0, lo: 0, hi: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const m = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { p, lo: Math.max(0, (c - m) / d), hi: Math.min(1, (c + m) / d) };
}

export function readManifest(dir: string): Sample[] {
  const text = readFileSync(join(dir, 'manifest.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sample)
    .filter((s) => typeof s.id === 'string' && /^[\w.-]+$/.test(s.id) && !s.id.startsWith('_'));
}

export async function evalSample(dir: string, s: Sample): Promise<SampleResult> {
  const t0 = performance.now();
  const ingest = await ingestPath(join(dir, s.id));
  const r = await analyze(ingest);
  const ms = performance.now() - t0;
  return {
    id: s.id,
    label: s.label,
    category: s.category,
    flagged: isFlagged(r),
    blocked: r.blocked,
    highRisk: r.sourceFacts.highRiskSignalCount,
    promptInjection: r.sourceFacts.promptInjectionSignalCount,
    secrets: r.sourceFacts.realSecretSignalCount,
    risk: r.sandboxRiskLevel,
    reasons: [...new Set(r.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').map((f) => f.ruleId))].sort(),
    ms,
  };
}

export interface EvalSummary {
  recall: ReturnType<typeof wilson> & { k: number; n: number };
  benignFp: ReturnType<typeof wilson> & { k: number; n: number };
  dualUseFp: ReturnType<typeof wilson> & { k: number; n: number };
  categories: Array<{ label: string; category: string; n: number; flagged: number }>;
  samples: SampleResult[];
}

export function summarize(results: SampleResult[]): EvalSummary {
  const rate = (label: string): ReturnType<typeof wilson> & { k: number; n: number } => {
    const xs = results.filter((r) => r.label === label);
    const k = xs.filter((r) => r.flagged).length;
    return { k, n: xs.length, ...wilson(k, xs.length) };
  };
  const cats = new Map<string, { label: string; category: string; n: number; flagged: number }>();
  for (const r of results) {
    const key = `${r.label}\u0000${r.category}`;
    const c = cats.get(key) ?? { label: r.label, category: r.category, n: 0, flagged: 0 };
    c.n++;
    if (r.flagged) c.flagged++;
    cats.set(key, c);
  }
  return {
    recall: rate('malicious'),
    benignFp: rate('benign'),
    dualUseFp: rate('dual-use'),
    categories: [...cats.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.category < b.category ? -1 : 1)),
    samples: results,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  const dirArg = argv.find((a) => !a.startsWith('--'));
  if (!dirArg) {
    process.stderr.write('usage: npm run eval -- <corpus-dir> [--json] [--verbose]\n');
    return 2;
  }
  const dir = resolve(dirArg);
  const samples = readManifest(dir);
  const results: SampleResult[] = [];
  for (const s of samples) results.push(await evalSample(dir, s));
  const sum = summarize(results);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ corpus: dir, flaggedDefinition: 'blocked || highRiskSignalCount > 0 || any HIGH/CRITICAL finding', ...sum }, null, 2)}\n`,
    );
    return 0;
  }
  const line = (name: string, r: EvalSummary['recall']): string =>
    `${name.padEnd(22)} ${String(r.k).padStart(3)}/${String(r.n).padEnd(3)} ${pct(r.p).padStart(7)}   95% CI [${pct(r.lo)}, ${pct(r.hi)}]`;
  const out: string[] = [];
  out.push(`corpus: ${dir} (${results.length} samples)`);
  out.push('flagged = blocked || highRiskSignalCount > 0 || any HIGH/CRITICAL finding');
  out.push('');
  out.push(line('recall (malicious)', sum.recall));
  out.push(line('FP rate (benign)', sum.benignFp));
  out.push(line('FP rate (dual-use)', sum.dualUseFp));
  out.push('');
  out.push(`${'label'.padEnd(10)} ${'category'.padEnd(52)} flagged`);
  for (const c of sum.categories) out.push(`${c.label.padEnd(10)} ${c.category.slice(0, 52).padEnd(52)} ${c.flagged}/${c.n}`);
  const wrong = results.filter((r) => (r.label === 'malicious') !== r.flagged);
  out.push('');
  out.push(`misclassified (${wrong.length}):`);
  for (const r of wrong) out.push(`  ${r.label.padEnd(9)} ${r.id}${r.reasons.length ? `  [${r.reasons.join(', ')}]` : ''}`);
  if (verbose) {
    out.push('');
    for (const r of results) {
      out.push(`${r.flagged ? 'FLAG' : '    '} ${r.label.padEnd(9)} ${r.risk.padEnd(8)} ${r.ms.toFixed(1).padStart(7)}ms ${r.id}  ${r.reasons.join(', ')}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
