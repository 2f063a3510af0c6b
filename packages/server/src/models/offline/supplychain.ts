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

/** Supply chain: code fetched or run from elsewhere, hidden or opaque content, persistence. */
const CHAIN =
  /fetch|download|curl|wget|exec|eval|remote|obfusc|base64|hex|char.?code|encoded|opaque|binary|bytecode|unanaly|archive|persist|cron|startup|miner|reverse.?shell|install|package|dependenc/i;
const ANALYZABILITY_FLOOR: Record<Strictness, number> = { strict: 95, balanced: 85, lenient: 60 };
const UNDECLARED_HOSTS: Record<Strictness, number> = { strict: 1, balanced: 3, lenient: 6 };

export function reviewSupplyChain(ctx: ReviewContext, strictness: Strictness): VerdictOutput {
  const e = ctx.evidence;
  const f = e.sourceFacts;
  const floor = floorFor(strictness);
  const concerns: VerdictFinding[] = [];
  const notes: string[] = [evidenceFacts(e)];

  if (e.analyzabilityScore < ANALYZABILITY_FLOOR[strictness]) {
    concerns.push({ evidenceIds: ['analyzabilityScore'], severity: 'HIGH', summary: `Only ${e.analyzabilityScore}% of the submission could be analysed.` });
  }
  const opaque = f.files.filter((x) => !x.analyzed);
  if (opaque.length)
    notes.push(
      `${opaque.length} file(s) could not be analysed: ${opaque
        .slice(0, 5)
        .map((x) => x.path)
        .join(', ')}.`,
    );
  if (f.highRiskSignalCount > 0) {
    concerns.push({ evidenceIds: ['sourceFacts.highRiskSignalCount'], severity: 'HIGH', summary: `${f.highRiskSignalCount} high-risk signal(s).` });
  }
  const undeclaredHosts = f.mismatches.filter((m) => m.kind === 'host' && m.direction === 'observed_not_declared');
  if (undeclaredHosts.length >= UNDECLARED_HOSTS[strictness]) {
    concerns.push({
      evidenceIds: ['sourceFacts.mismatches'],
      severity: 'MEDIUM',
      summary: `${undeclaredHosts.length} host(s) contacted or named without being declared: ${undeclaredHosts
        .slice(0, 4)
        .map((m) => m.subject)
        .join(', ')}.`,
    });
  }
  // CODE*: what the entry point tried when it ran in the sandbox (every attempt was blocked). A
  // connection counts as evidence when nothing declares its host: for CODE nothing declares any; for
  // SKILL_CODE the static review's undeclared hosts, or a host the static review never saw.
  const ran = e.codeReview?.execution;
  if (ran && e.codeReview) {
    notes.push(`Sandboxed run ${ran.outcome}${ran.reason ? ` (${ran.reason})` : ''}: ${ran.description}`);
    const undeclared = new Set(e.codeReview.manifestDelta.filter((d) => d.kind === 'host' && d.direction === 'in-code-not-declared').map((d) => d.value));
    const known = new Set(e.codeReview.hosts);
    const isSkillCode = ctx.productType.startsWith('SKILL');
    const attempts = ran.attemptedConnections.filter((c) => !isSkillCode || !c.host || undeclared.has(c.host) || !known.has(c.host));
    if (attempts.length) {
      const mock = attempts.some((c) => c.containsMock.length > 0);
      concerns.push({
        evidenceIds: ['codeReview.execution.attemptedConnections'],
        severity: mock ? 'HIGH' : 'MEDIUM',
        summary: `When run, the code tried ${attempts.length} connection(s) no declaration covers (blocked): ${attempts
          .slice(0, 4)
          .map((c) => `${c.host ?? c.address}:${c.port ?? '?'}`)
          .join(', ')}${mock ? '; what it sent held a mock secret' : ''}.`,
      });
    }
    if (ran.outcome === 'ERROR') notes.push('The sandbox failed, so the run says nothing about the code.');
  }
  const chain: Finding[] = e.findings.filter((x) => matches(x, CHAIN));
  concerns.push(...citeCounted(chain, strictness, (x) => `${x.title} at ${where(x)}`));

  // What this reviewer reads most closely: Source to sink: what the code reads and where it goes.
  const { direct, directConcerns, outsideSure, forced } = withDirectEvidence(
    e,
    /^BEHAVIOUR_(?:SENSITIVE_FLOW|PERSISTENT_WRITE|RUNS_WRITTEN_FILE)$/,
    'Source to sink',
    strictness,
    concerns,
  );
  const counted = concerns.filter((c) => atLeast(c.severity, floor) || forced(c));
  const unsafe = counted.length > 0;
  const sev: Severity = unsafe
    ? counted.reduce<Severity>((m, c) => (atLeast(c.severity, m) ? c.severity : m), 'INFO')
    : chain.length
      ? maxSeverity(chain)
      : 'INFO';
  const blocking =
    direct.length > 0 ||
    outsideSure.length > 0 ||
    blocksOn(
      chain.filter((x) => counts(x, strictness)),
      strictness,
    ) ||
    counted.some((c) => c.severity === 'CRITICAL');
  notes.push(
    direct.length
      ? `The code moves data or itself where it should not: ${directConcerns
          .map((c) => c.summary)
          .slice(0, 3)
          .join(' ')}`
      : unsafe
        ? `The skill depends on content that cannot be reviewed as submitted: ${counted
            .map((c) => c.summary)
            .slice(0, 3)
            .join(' ')}`
        : 'Everything the skill runs is in the submission and could be analysed.',
  );
  return verdict(unsafe, blocking, sev, concerns.slice(0, 20), notes);
}
