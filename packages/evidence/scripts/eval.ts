/**
 * Static-engine evaluation: `tsx packages/evidence/scripts/eval.ts [<corpus-dir>…] [--corpus <dir>]… [--json] [--verbose]`
 * (`npm run eval` at the root runs this and the offline council; see docs/detection.md).
 *
 * Runs the evidence engine on every sample listed in <corpus-dir>/manifest.jsonl and prints recall
 * on `malicious` samples and false-positive rates on `benign` and `dual-use` samples, each with a
 * Wilson 95% interval, a per-category table, the twin discrimination count and the analysis time
 * per skill. Labels come only from the manifest's `label` field; the engine reads only the sample
 * folder (never `_labels/`). Without a directory it runs this package's corpus and the shared dev
 * corpus when present.
 *
 * Flagged = report.blocked OR sourceFacts.highRiskSignalCount > 0 OR any HIGH/CRITICAL finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EvidenceReport } from '@sigma/core';
import { analyze, ingestPath } from '../src/index.js';
import type { IngestResult } from '../src/index.js';
import { categoryTable, fmtRate, median, quantile, rateOf, twins, type CategoryRow, type Rate, type TwinSummary } from './eval-stats.js';

export { wilson } from './eval-stats.js';

export const FLAGGED_DEFINITION = 'blocked || highRiskSignalCount > 0 || any HIGH/CRITICAL finding';
/** The speed target of issue 13: median in-process analysis of one skill. */
export const MEDIAN_TARGET_MS = 50;

export interface Sample {
  id: string;
  label: string;
  category: string;
  kind?: string;
  pair_id?: string | null;
}

export interface SampleResult {
  id: string;
  label: string;
  category: string;
  pairId: string | null;
  flagged: boolean;
  blocked: boolean;
  highRisk: number;
  promptInjection: number;
  secrets: number;
  risk: string;
  /** Rule ids of HIGH/CRITICAL findings (why it was flagged). */
  reasons: string[];
  /** Ingest from disk + analysis. */
  ms: number;
  /** `analyze()` alone, in-process. */
  analyzeMs: number;
}

export interface Timing {
  n: number;
  medianAnalyzeMs: number;
  p95AnalyzeMs: number;
  medianMs: number;
  p95Ms: number;
  targetMedianMs: number;
  met: boolean;
}

export interface EvalSummary {
  recall: Rate;
  benignFp: Rate;
  dualUseFp: Rate;
  categories: CategoryRow[];
  twins: TwinSummary;
  timing: Timing;
  samples: SampleResult[];
}

export function isFlagged(r: EvidenceReport): boolean {
  return r.blocked || r.sourceFacts.highRiskSignalCount > 0 || r.findings.some((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
}

export function readManifest(dir: string): Sample[] {
  const text = readFileSync(join(dir, 'manifest.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sample)
    .filter((s) => typeof s.id === 'string' && /^[\w.-]+$/.test(s.id) && !s.id.startsWith('_'));
}

/** Ingest and analyse one sample; the report and ingest are returned for further judges (the council). */
export async function analyzeSample(dir: string, s: Sample): Promise<{ result: SampleResult; report: EvidenceReport; ingest: IngestResult }> {
  const t0 = performance.now();
  const ingest = await ingestPath(join(dir, s.id));
  const t1 = performance.now();
  const report = await analyze(ingest);
  const t2 = performance.now();
  const result: SampleResult = {
    id: s.id,
    label: s.label,
    category: s.category,
    pairId: s.pair_id ?? null,
    flagged: isFlagged(report),
    blocked: report.blocked,
    highRisk: report.sourceFacts.highRiskSignalCount,
    promptInjection: report.sourceFacts.promptInjectionSignalCount,
    secrets: report.sourceFacts.realSecretSignalCount,
    risk: report.sandboxRiskLevel,
    reasons: [...new Set(report.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').map((f) => f.ruleId))].sort(),
    ms: t2 - t0,
    analyzeMs: t2 - t1,
  };
  return { result, report, ingest };
}

export async function evalSample(dir: string, s: Sample): Promise<SampleResult> {
  return (await analyzeSample(dir, s)).result;
}

export function timingOf(results: Array<{ ms: number; analyzeMs: number }>): Timing {
  const a = results.map((r) => r.analyzeMs);
  const t = results.map((r) => r.ms);
  const medianAnalyzeMs = median(a);
  return {
    n: results.length,
    medianAnalyzeMs,
    p95AnalyzeMs: quantile(a, 0.95),
    medianMs: median(t),
    p95Ms: quantile(t, 0.95),
    targetMedianMs: MEDIAN_TARGET_MS,
    met: medianAnalyzeMs <= MEDIAN_TARGET_MS,
  };
}

export function summarize(results: SampleResult[]): EvalSummary {
  return {
    recall: rateOf(results, 'malicious'),
    benignFp: rateOf(results, 'benign'),
    dualUseFp: rateOf(results, 'dual-use'),
    categories: categoryTable(results),
    twins: twins(results),
    timing: timingOf(results),
    samples: results,
  };
}

/** Analyse every sample of a corpus (after one untimed warm-up analysis, so JIT start-up is not billed to the first sample). */
export async function runCorpus(dir: string, each?: (s: Sample, r: Awaited<ReturnType<typeof analyzeSample>>) => void): Promise<SampleResult[]> {
  const samples = readManifest(dir);
  if (samples[0]) await analyzeSample(dir, samples[0]);
  const results: SampleResult[] = [];
  for (const s of samples) {
    const r = await analyzeSample(dir, s);
    each?.(s, r);
    results.push(r.result);
  }
  return results;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** This package's corpus, then the shared dev corpus when present (found as test/corpus.test.ts finds it). */
export function defaultCorpora(): string[] {
  const own = join(repoRoot, 'packages', 'evidence', 'corpus');
  const shared = [process.env.SIGMA_CORPUS_DIR, join(repoRoot, '..', 'shared', 'corpus', 'dev'), '/work/shared/corpus/dev'].find(
    (d): d is string => !!d && existsSync(join(d, 'manifest.jsonl')),
  );
  return [own, ...(shared ? [resolve(shared)] : [])].filter((d) => existsSync(join(d, 'manifest.jsonl')));
}

export interface EvalArgs {
  dirs: string[];
  json: boolean;
  verbose: boolean;
}

/** Positional directories and `--corpus <dir>` (repeatable); none → the default corpora. */
export function parseArgs(argv: string[]): EvalArgs {
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--corpus') {
      const d = argv[++i];
      if (!d) throw new Error('--corpus needs a directory');
      dirs.push(resolve(d));
    } else if (a.startsWith('--corpus=')) dirs.push(resolve(a.slice('--corpus='.length)));
    else if (!a.startsWith('--')) dirs.push(resolve(a));
  }
  return { dirs: dirs.length ? dirs : defaultCorpora(), json: argv.includes('--json'), verbose: argv.includes('--verbose') };
}

export function renderTiming(t: Timing): string {
  return `speed (${t.n} skills, in-process): analyze median ${t.medianAnalyzeMs.toFixed(1)} ms, p95 ${t.p95AnalyzeMs.toFixed(1)} ms; ingest+analyze median ${t.medianMs.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms — target median ≤ ${t.targetMedianMs} ms: ${t.met ? 'met' : 'NOT met'}`;
}

export function renderStatic(dir: string, sum: EvalSummary, verbose = false): string {
  const out: string[] = [];
  const results = sum.samples;
  out.push(`corpus: ${dir} (${results.length} samples)`);
  out.push(`flagged = ${FLAGGED_DEFINITION}`);
  out.push('');
  out.push(`${'recall (malicious)'.padEnd(22)} ${fmtRate(sum.recall)}`);
  out.push(`${'FP rate (benign)'.padEnd(22)} ${fmtRate(sum.benignFp)}`);
  out.push(`${'FP rate (dual-use)'.padEnd(22)} ${fmtRate(sum.dualUseFp)}`);
  out.push(`${'twins discriminated'.padEnd(22)} ${sum.twins.discriminated}/${sum.twins.pairs}`);
  out.push('');
  out.push(`${'label'.padEnd(10)} ${'category'.padEnd(40)} flagged`);
  for (const c of sum.categories) out.push(`${c.label.padEnd(10)} ${c.category.slice(0, 40).padEnd(40)} ${c.flagged}/${c.n}`);
  out.push('');
  out.push(renderTiming(sum.timing));
  const wrong = results.filter((r) => (r.label === 'malicious') !== r.flagged);
  out.push('');
  out.push(`misclassified (${wrong.length}):`);
  for (const r of wrong) out.push(`  ${r.label.padEnd(9)} ${r.id}${r.reasons.length ? `  [${r.reasons.join(', ')}]` : ''}`);
  if (verbose) {
    out.push('');
    for (const r of results) {
      out.push(
        `${r.flagged ? 'FLAG' : '    '} ${r.label.padEnd(9)} ${r.risk.padEnd(8)} ${r.analyzeMs.toFixed(1).padStart(7)}ms ${r.id}  ${r.reasons.join(', ')}`,
      );
    }
  }
  return out.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.dirs.length === 0) {
    process.stderr.write('usage: tsx packages/evidence/scripts/eval.ts [<corpus-dir>…] [--corpus <dir>]… [--json] [--verbose]\n');
    return 2;
  }
  const corpora: Array<{ corpus: string } & EvalSummary> = [];
  for (const dir of args.dirs) corpora.push({ corpus: dir, ...summarize(await runCorpus(dir)) });
  if (args.json) {
    // One corpus keeps the old shape (fields at the top level); several are listed.
    const body = corpora.length === 1 ? corpora[0] : { corpora };
    process.stdout.write(`${JSON.stringify({ flaggedDefinition: FLAGGED_DEFINITION, ...body }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${corpora.map((c) => renderStatic(c.corpus, c, args.verbose)).join('\n\n')}\n`);
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
