/**
 * The offline council, in-process, as a real round runs it (docs/detection.md "How the council is
 * measured"): the evidence report decides first (a blocked report is rejected before the council);
 * otherwise the seeded validator roster is drawn with the real selection (`drawPanel`) into phase 1
 * and phase 2, each seat runs its family's built-in reviewer on the same context a round builds,
 * the written policy (`decideAssembly`) decides on the votes of both phases, and an ESCALATE draws
 * the escalation assembly (`decideEscalation`); still unresolved goes to an operator.
 *
 * No database, no queue: only the pure parts of the server (reviewers, selection, policy, config).
 */
import { createHash } from 'node:crypto';
import { VerdictOutput, type EvidenceReport, type ProductType } from '@sigma/core';
import type { IngestResult } from '../../packages/evidence/src/index.js';
import { loadConfig, type Config } from '../../packages/server/src/config.js';
import { drawPanel, type Candidate } from '../../packages/server/src/domain/assembly/selection.js';
import { decideAssembly, decideEscalation, type PolicyConfig, type Vote } from '../../packages/server/src/domain/consensus/policy.js';
import { governanceWeight, STANDING } from '../../packages/server/src/domain/standing/weight.js';
import { OFFLINE_SEATS } from '../../packages/server/src/domain/validators/service.js';
import { OFFLINE_FAMILIES } from '../../packages/server/src/models/offline/index.js';
import { strictnessOf } from '../../packages/server/src/models/offline/common.js';
import type { ReviewContext } from '../../packages/server/src/models/provider.js';

/** Same cap as the round's context builder (assembly/review.ts). */
const TEXT_LIMIT = 64 * 1024;

export interface CouncilSettings {
  policy: PolicyConfig;
  panels: Config['panels'];
  /** Seeded offline validators (`SIGMA_SEED_VALIDATORS`). */
  validators: number;
}

/** The server's configuration (defaults, or SIGMA_* from the environment), so the eval follows the deployment. */
export function councilSettings(env: Record<string, string | undefined> = process.env): CouncilSettings {
  const c = loadConfig(env);
  return { policy: { ...c.consensus }, panels: { ...c.panels }, validators: c.seed.validators };
}

interface RosterEntry extends Candidate {
  modelId: string;
}

/** The seeded roster: validator i runs OFFLINE_SEATS[i mod 12], distinct owners, the initial governance weight. */
export function roster(count: number): RosterEntry[] {
  const weight = governanceWeight({
    stakeWei: STANDING.minStakeWei,
    reputation: STANDING.initialReputation,
    auditAccuracy: STANDING.initialAccuracy,
    pluginCreatorBonus: 0,
  });
  return Array.from({ length: count }, (_, i) => {
    const seat = OFFLINE_SEATS[i % OFFLINE_SEATS.length]!;
    const n = String(i).padStart(2, '0');
    return { validatorId: `validator-${n}`, ownerAddress: `owner-${n}`, modelFamily: seat.family, modelId: `${seat.family}/${seat.variant}`, weight };
  });
}

/** The context a round hands every seat: the report, SKILL.md and the other analysed text files (untrusted). */
export function reviewContext(
  report: EvidenceReport,
  ingest: IngestResult,
  seed: string,
  productType: ProductType = 'SKILL',
): Omit<ReviewContext, 'seatId' | 'phase'> {
  const dec = new TextDecoder('utf-8', { fatal: false });
  const analysed = new Set(report.sourceFacts.files.filter((x) => x.analyzed).map((x) => x.path));
  const texts = ingest.files.filter((f) => analysed.has(f.path)).map((f) => ({ path: f.path, text: dec.decode(f.bytes.subarray(0, TEXT_LIMIT)) }));
  const skill = texts.find((f) => f.path === 'SKILL.md') ?? texts.find((f) => f.path.endsWith('/SKILL.md'));
  return {
    roundId: `eval-${seed.slice(0, 12)}`,
    nonce: seed.slice(0, 24),
    productType,
    evidence: report,
    skillMd: skill?.text ?? '',
    files: texts.filter((f) => f !== skill),
    devNotes: '',
  };
}

export interface SeatVote {
  phase: number;
  validatorId: string;
  modelId: string;
  status: Vote['status'];
  verdict: Vote['verdict'];
  blocking: boolean;
}

export type CouncilStage = 'evidence' | 'assembly' | 'escalation' | 'operator';

export interface CouncilDecision {
  outcome: 'APPROVE' | 'REJECT' | 'ESCALATE';
  /** Who settled it: the evidence gate, the assembly (phases 1+2), the escalation assembly, or nobody yet (an operator must). */
  stage: CouncilStage;
  reasons: string[];
  seats: SeatVote[];
}

function runSeat(c: RosterEntry, phase: number, ctx: Omit<ReviewContext, 'seatId' | 'phase'>): SeatVote & { weight: number } {
  const family = OFFLINE_FAMILIES[c.modelFamily];
  const base = { phase, validatorId: c.validatorId, modelId: c.modelId, weight: c.weight };
  if (!family) return { ...base, status: 'ABSTAINED', verdict: null, blocking: false };
  // A malformed answer is retried once and then abstains; the offline reviewers are deterministic, so one retry is the same answer.
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const parsed = VerdictOutput.safeParse(family.review({ ...ctx, seatId: `${ctx.roundId}:${c.validatorId}`, phase }, strictnessOf(c.modelId)));
      if (parsed.success) return { ...base, status: 'VOTED', verdict: parsed.data.verdict, blocking: parsed.data.blocking };
    } catch {
      // a provider failure counts like a malformed answer
    }
  }
  return { ...base, status: 'ABSTAINED', verdict: null, blocking: false };
}

const toVote = (s: SeatVote & { weight: number }): Vote => ({ status: s.status, verdict: s.verdict, blocking: s.blocking, weight: s.weight });

/**
 * One round for one submission. `seed` stands for the round seed: the eval derives it from the twin
 * pair (or the sample id), so both twins face the same panel and only their content differs.
 */
export function runCouncil(report: EvidenceReport, ingest: IngestResult, seed: string, settings: CouncilSettings): CouncilDecision {
  if (report.blocked) return { outcome: 'REJECT', stage: 'evidence', reasons: ['evidence is blocked: rejected before the council'], seats: [] };
  const ctx = reviewContext(report, ingest, seed);
  const candidates = roster(settings.validators);
  const seats: Array<SeatVote & { weight: number }> = [];
  const draw = (phase: number, size: number) => {
    if (size <= 0) return;
    const existing = seats;
    const owners = new Set(existing.map((s) => candidates.find((c) => c.validatorId === s.validatorId)!.ownerAddress.toLowerCase()));
    // As in drawPhase: phase 2 and the escalation assembly prefer families not used yet in the round.
    const used = phase === 1 ? new Set<string>() : new Set(existing.map((s) => s.modelId.split('/')[0]!));
    const { panel } = drawPanel({
      seed,
      label: String(phase),
      candidates,
      size,
      exclude: new Set(existing.map((s) => s.validatorId)),
      excludeOwners: owners,
      usedFamilies: used,
    });
    for (const c of panel) seats.push(runSeat(c as RosterEntry, phase, ctx));
  };
  draw(1, settings.panels.phase1);
  draw(2, settings.panels.phase2);
  const assembly = decideAssembly(seats.map(toVote), report, settings.policy);
  const strip = () => seats.map(({ weight: _w, ...s }) => s);
  if (assembly.outcome !== 'ESCALATE') return { outcome: assembly.outcome, stage: 'assembly', reasons: assembly.reasons, seats: strip() };
  if (settings.panels.escalation <= 0) return { outcome: 'ESCALATE', stage: 'operator', reasons: assembly.reasons, seats: strip() };
  draw(3, settings.panels.escalation);
  const esc = decideEscalation(seats.filter((s) => s.phase === 3).map(toVote), settings.policy);
  return {
    outcome: esc.outcome,
    stage: esc.outcome === 'ESCALATE' ? 'operator' : 'escalation',
    reasons: [...assembly.reasons, ...esc.reasons],
    seats: strip(),
  };
}

/** The round seed the eval uses for a sample: SHA-256 of the pair id (twins share it) or the sample id. */
export function evalSeed(corpusName: string, id: string, pairId: string | null | undefined): string {
  return createHash('sha256')
    .update(`sigma-eval|${corpusName}|${pairId ? `pair:${pairId}` : `sample:${id}`}`)
    .digest('hex');
}
