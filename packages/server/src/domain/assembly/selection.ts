import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Panel selection (SPEC §5.2): weighted sampling without replacement by governance weight, distinct
 * owners, excluded validators removed, model-family diversity preferred. Deterministic given the
 * round seed and the candidate list, so any panel can be re-derived and audited.
 */
export interface Candidate {
  validatorId: string;
  ownerAddress: string;
  modelFamily: string;
  weight: number;
}

export interface DrawInput {
  seed: string;
  /** Distinguishes the draws of one round (phase number, or `3:replace:<seatId>`). */
  label: string;
  candidates: Candidate[];
  size: number;
  /** Validators that may not sit (earlier phases of the round, the submitter's own). */
  exclude?: ReadonlySet<string>;
  /** Owners already seated in this round: one seat per owner. */
  excludeOwners?: ReadonlySet<string>;
  /** Families already used in earlier phases: avoided while other families remain. */
  usedFamilies?: ReadonlySet<string>;
}

export interface DrawResult {
  panel: Candidate[];
  /** The keys of every candidate, for the audit log. */
  keys: Array<{ validatorId: string; weight: number; key: number }>;
  notes: string[];
}

/** A uniform number in (0, 1) from the seed, the label and the validator id. */
export function uniform(seed: string, label: string, validatorId: string): number {
  const h = sha256(utf8ToBytes(`${seed}|${label}|${validatorId}`));
  // 52 bits of the hash as a float in (0,1); never 0 so the log below is finite.
  let x = 0;
  for (let i = 0; i < 7; i++) x = x * 256 + h[i]!;
  x = Math.floor(x / 16); // 52 bits
  return (x + 1) / (2 ** 52 + 2);
}

export function drawPanel(input: DrawInput): DrawResult {
  const exclude = input.exclude ?? new Set<string>();
  const owners = new Set(input.excludeOwners ?? []);
  const used = input.usedFamilies ?? new Set<string>();
  // Efraimidis–Spirakis: key = u^(1/w); the k largest keys are a weighted sample without replacement.
  // Compared in log space: ln(u)/w. Candidates are sorted by id first so the input order never matters.
  const keyed = [...input.candidates]
    .filter((c) => !exclude.has(c.validatorId) && c.weight > 0 && Number.isFinite(c.weight))
    .sort((a, b) => (a.validatorId < b.validatorId ? -1 : 1))
    .map((c) => ({ c, key: Math.log(uniform(input.seed, input.label, c.validatorId)) / c.weight }))
    .sort((a, b) => b.key - a.key || (a.c.validatorId < b.c.validatorId ? -1 : 1));

  const panel: Candidate[] = [];
  const families = new Set<string>();
  const take = (pred: (c: Candidate) => boolean) => {
    for (const { c } of keyed) {
      if (panel.length >= input.size) return;
      if (panel.includes(c) || owners.has(c.ownerAddress.toLowerCase()) || !pred(c)) continue;
      panel.push(c);
      owners.add(c.ownerAddress.toLowerCase());
      families.add(c.modelFamily);
    }
  };
  // 1. families never used in this round and not yet on this panel; 2. families new to this panel;
  // 3. anyone left (distinct owners always).
  take((c) => !used.has(c.modelFamily) && !families.has(c.modelFamily));
  take((c) => !families.has(c.modelFamily));
  take(() => true);

  const notes: string[] = [];
  if (panel.length < input.size)
    notes.push(`panel ${input.label}: only ${panel.length} of ${input.size} seats could be filled by eligible validators with distinct owners`);
  const panelFamilies = new Set(panel.map((c) => c.modelFamily));
  if (panel.length > 1 && panelFamilies.size < panel.length)
    notes.push(`panel ${input.label}: ${panel.length} seats share ${panelFamilies.size} model families`);
  if (used.size > 0 && panel.some((c) => used.has(c.modelFamily))) {
    notes.push(
      `panel ${input.label}: diversity goal not met — reused model families ${[...new Set(panel.filter((c) => used.has(c.modelFamily)).map((c) => c.modelFamily))].sort().join(', ')}`,
    );
  }
  return { panel, keys: keyed.map(({ c, key }) => ({ validatorId: c.validatorId, weight: c.weight, key })), notes };
}
