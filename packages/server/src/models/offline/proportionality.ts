import type { Finding, Severity, VerdictFinding, VerdictOutput } from '@sigma/core';
import type { ReviewContext } from '../provider.js';
import {
  atLeast,
  blocksOn,
  citeCounted,
  counts,
  evidenceFacts,
  withDirectEvidence,
  floorFor,
  matches,
  maxSeverity,
  verdict,
  where,
  type Strictness,
} from './common.js';

/**
 * Capability proportionality: does the skill use only what it declares, and is what it declares
 * proportionate to what it says it does? Over-declaration is noted, under-declaration weighs.
 */
const CAPABILITY_WEIGHT: Record<string, Severity> = {
  wallet: 'CRITICAL',
  shell: 'HIGH',
  process: 'HIGH',
  env: 'HIGH',
  filesystem: 'MEDIUM',
  network: 'MEDIUM',
};

const NO_NETWORK_CLAIM = /\b(no|without|never|doesn'?t|does not)\b[^.]{0,40}\b(network|internet|http|outbound|external)/i;
const NO_FILES_CLAIM = /\b(no|without|never|doesn'?t|does not)\b[^.]{0,40}\b(file ?system|files|disk)/i;

export function reviewProportionality(ctx: ReviewContext, strictness: Strictness): VerdictOutput {
  const e = ctx.evidence;
  const f = e.sourceFacts;
  const floor = floorFor(strictness);
  const concerns: VerdictFinding[] = [];
  const notes: string[] = [evidenceFacts(e)];

  for (const m of f.mismatches) {
    if (m.direction !== 'observed_not_declared') continue;
    const sev: Severity = m.kind === 'capability' ? (CAPABILITY_WEIGHT[m.subject] ?? 'MEDIUM') : m.kind === 'host' ? 'MEDIUM' : 'MEDIUM';
    concerns.push({ evidenceIds: ['sourceFacts.mismatches'], severity: sev, summary: `Undeclared ${m.kind} "${m.subject}": ${m.detail}` });
  }
  const over = f.mismatches.filter((m) => m.direction === 'declared_not_observed').length;
  if (over) notes.push(`${over} declared item(s) were not observed (over-declaration, not a risk by itself).`);

  // Sensitive combinations: reading secrets or files while able to send data out.
  if (f.network && (f.env || f.wallet)) {
    const sev: Severity = f.wallet ? 'HIGH' : 'MEDIUM';
    const declared = e.manifest.declared.capabilities && (e.manifest.capabilities.includes('env') || e.manifest.capabilities.includes('wallet'));
    concerns.push({
      evidenceIds: ['sourceFacts.network', f.wallet ? 'sourceFacts.wallet' : 'sourceFacts.env'],
      severity: declared ? 'LOW' : sev,
      summary: `Combines outbound network with ${f.wallet ? 'wallet' : 'environment'} access${declared ? ' (declared)' : ' without declaring it'}.`,
    });
  }

  // The developer's note is a claim to check against the evidence, never a fact.
  if (ctx.devNotes && NO_NETWORK_CLAIM.test(ctx.devNotes) && f.network) {
    concerns.push({
      evidenceIds: ['sourceFacts.network'],
      severity: 'MEDIUM',
      summary: 'The developer note claims no network use, but the evidence shows network use.',
    });
  }
  if (ctx.devNotes && NO_FILES_CLAIM.test(ctx.devNotes) && f.filesystem) {
    concerns.push({
      evidenceIds: ['sourceFacts.filesystem'],
      severity: 'MEDIUM',
      summary: 'The developer note claims no file access, but the evidence shows file access.',
    });
  }

  const scoped: Finding[] = e.findings.filter((x) => matches(x, /capab|manifest|mismatch|scope|permission|privilege|wallet|credential|destruct|persist/i));
  concerns.push(...citeCounted(scoped, strictness, (x) => `${x.title} at ${where(x)}`));

  // What this reviewer reads most closely: Declared against observed: what SKILL.md promises and what the code does.
  const { direct, outsideSure, forced } = withDirectEvidence(e, /^BEHAVIOUR_CLAIM_CONTRADICTED$/, 'Declared against observed', strictness, concerns);
  const counted = concerns.filter((c) => atLeast(c.severity, floor) || forced(c));
  const sev = counted.length
    ? counted.reduce<Severity>((m, c) => (atLeast(c.severity, m) ? c.severity : m), 'INFO')
    : scoped.length
      ? maxSeverity(scoped)
      : 'INFO';
  const unsafe = counted.length > 0;
  const blocking =
    direct.length > 0 ||
    outsideSure.length > 0 ||
    blocksOn(
      scoped.filter((x) => counts(x, strictness)),
      strictness,
    ) ||
    counted.some((c) => c.severity === 'CRITICAL');
  notes.push(
    unsafe
      ? `Capability use is not proportionate to the declaration: ${counted
          .map((c) => c.summary)
          .slice(0, 3)
          .join(' ')}`
      : 'What the skill does matches what it declares, within this reviewer’s tolerance.',
  );
  return verdict(unsafe, blocking, unsafe ? sev : concerns.length ? 'LOW' : 'INFO', concerns.slice(0, 20), notes);
}
