/**
 * One corpus through both judges: the static engine (flagged) and the offline council (REJECT).
 * Every sample is ingested and analysed once; the council reads that same report.
 */
import { basename } from 'node:path';
import { analyzeSample, readManifest, summarize, type EvalSummary, type Sample, type SampleResult } from '../../packages/evidence/scripts/eval.js';
import { categoryTable, rateOf, twins, type CategoryRow, type Rate, type Scored, type TwinSummary } from '../../packages/evidence/scripts/eval-stats.js';
import { evalSeed, runCouncil, type CouncilSettings, type CouncilStage, type SeatVote } from './council.js';

export const COUNCIL_DEFINITION =
  'caught = final REJECT (evidence gate, assembly of phases 1+2, or escalation assembly); ESCALATE left for an operator is "held": not caught, and not a false positive, counted separately';

export interface CouncilResult extends Scored {
  pairId: string | null;
  outcome: 'APPROVE' | 'REJECT' | 'ESCALATE';
  stage: CouncilStage;
  /** Left for an operator after the escalation assembly. */
  held: boolean;
  reasons: string[];
  seats: SeatVote[];
}

export interface CouncilSummary {
  recall: Rate;
  benignFp: Rate;
  dualUseFp: Rate;
  /** Share left for an operator, per label. */
  held: { malicious: Rate; benign: Rate; dualUse: Rate };
  /** REJECT or held (not certified without a person), per label. */
  notApproved: { malicious: Rate; benign: Rate; dualUse: Rate };
  stages: Record<CouncilStage, number>;
  categories: Array<CategoryRow & { held: number }>;
  twins: TwinSummary;
  samples: CouncilResult[];
}

export interface CorpusEval {
  corpus: string;
  samples: number;
  static: EvalSummary;
  council: CouncilSummary | null;
  /** Flagged counts by sample trait (manifest `kind`, and `lang`/`code` where the manifest has them). */
  traits: TraitRow[];
}

export interface TraitRow {
  trait: string;
  label: string;
  n: number;
  static: number;
  council: number | null;
}

/** The traits of a manifest entry: kind, prose language, prose-only vs with code. */
export function traitsOf(s: { kind?: string; lang?: unknown; code?: unknown }): string[] {
  const out = [`kind:${s.kind ?? 'skill'}`];
  if (typeof s.lang === 'string') out.push(`lang:${s.lang === 'en' ? 'en' : 'non-en'}`);
  if (Array.isArray(s.code)) out.push(s.code.length ? 'with code' : 'prose only');
  return out;
}

export function traitTable(
  samples: Array<{ id: string; kind?: string; lang?: unknown; code?: unknown }>,
  stat: Scored[],
  council: Scored[] | null,
): TraitRow[] {
  const rows = new Map<string, TraitRow>();
  for (const s of samples) {
    const st = stat.find((r) => r.id === s.id)!;
    const co = council?.find((r) => r.id === s.id);
    for (const trait of traitsOf(s)) {
      const key = `${trait}\u0000${st.label}`;
      const row = rows.get(key) ?? { trait, label: st.label, n: 0, static: 0, council: council ? 0 : null };
      row.n++;
      if (st.flagged) row.static++;
      if (co?.flagged && row.council !== null) row.council++;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a.trait < b.trait ? -1 : a.trait > b.trait ? 1 : a.label < b.label ? -1 : 1));
}

export function summarizeCouncil(results: CouncilResult[]): CouncilSummary {
  const held = (r: Scored) => (r as CouncilResult).held;
  const notApproved = (r: Scored) => r.flagged || (r as CouncilResult).held;
  const stages: Record<CouncilStage, number> = { evidence: 0, assembly: 0, escalation: 0, operator: 0 };
  for (const r of results) stages[r.stage]++;
  return {
    recall: rateOf(results, 'malicious'),
    benignFp: rateOf(results, 'benign'),
    dualUseFp: rateOf(results, 'dual-use'),
    held: { malicious: rateOf(results, 'malicious', held), benign: rateOf(results, 'benign', held), dualUse: rateOf(results, 'dual-use', held) },
    notApproved: {
      malicious: rateOf(results, 'malicious', notApproved),
      benign: rateOf(results, 'benign', notApproved),
      dualUse: rateOf(results, 'dual-use', notApproved),
    },
    stages,
    categories: categoryTable(results).map((c) => ({
      ...c,
      held: results.filter((r) => r.label === c.label && r.category === c.category && r.held).length,
    })),
    twins: twins(results),
    samples: results,
  };
}

/** Run one corpus. `settings` null = static engine only. */
export async function evalCorpus(dir: string, settings: CouncilSettings | null): Promise<CorpusEval> {
  const samples = readManifest(dir) as Array<Sample & { lang?: unknown; code?: unknown }>;
  const name = basename(dir);
  if (samples[0]) await analyzeSample(dir, samples[0]); // untimed warm-up
  const stat: SampleResult[] = [];
  const council: CouncilResult[] = [];
  for (const s of samples) {
    const { result, report, ingest } = await analyzeSample(dir, s);
    stat.push(result);
    if (!settings) continue;
    const d = runCouncil(report, ingest, evalSeed(name, s.id, s.pair_id), settings);
    council.push({
      id: s.id,
      label: s.label,
      category: s.category,
      pairId: s.pair_id ?? null,
      flagged: d.outcome === 'REJECT',
      outcome: d.outcome,
      stage: d.stage,
      held: d.stage === 'operator',
      reasons: d.reasons,
      seats: d.seats,
    });
  }
  return {
    corpus: dir,
    samples: samples.length,
    static: summarize(stat),
    council: settings ? summarizeCouncil(council) : null,
    traits: traitTable(samples, stat, settings ? council : null),
  };
}
