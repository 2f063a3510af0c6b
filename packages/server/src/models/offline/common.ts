import { SEVERITY_RANK, type EvidenceReport, type Finding, type Severity, type VerdictFinding, type VerdictOutput } from '@sigma/core';

/**
 * Shared vocabulary of the offline reviewers. They read the evidence report (never execute or
 * obey the submitted text) and each weighs it with its own emphasis. `strictness` comes from the
 * validator's model id (`…/strict`, `…/balanced`, `…/lenient`), so validators of one family can
 * still disagree on borderline evidence.
 */
export type Strictness = 'strict' | 'balanced' | 'lenient';

export function strictnessOf(modelId: string): Strictness {
  if (modelId.endsWith('/strict')) return 'strict';
  if (modelId.endsWith('/lenient')) return 'lenient';
  return 'balanced';
}

/** The lowest finding severity that counts against the skill for a strictness. */
export function floorFor(s: Strictness): Severity {
  return s === 'strict' ? 'MEDIUM' : s === 'balanced' ? 'HIGH' : 'CRITICAL';
}

export const atLeast = (sev: Severity, floor: Severity) => SEVERITY_RANK[sev] >= SEVERITY_RANK[floor];

export function matches(f: Finding, re: RegExp): boolean {
  return re.test(f.ruleId) || f.tags.some((t) => re.test(t)) || re.test(f.title);
}

export function maxSeverity(fs: Finding[]): Severity {
  return fs.reduce<Severity>((m, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[m] ? f.severity : m), 'INFO');
}

export function cite(fs: Finding[], summary: (f: Finding) => string, limit = 8): VerdictFinding[] {
  return fs.slice(0, limit).map((f) => ({ evidenceIds: [f.id], severity: f.severity, summary: summary(f) }));
}

export function where(f: Finding): string {
  return f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : 'the submission';
}

export function verdict(unsafe: boolean, blocking: boolean, severity: Severity, findings: VerdictFinding[], rationale: string[]): VerdictOutput {
  return {
    verdict: unsafe ? 'UNSAFE' : 'SAFE',
    blocking: unsafe && blocking,
    severity,
    findings,
    rationale: rationale.filter(Boolean).join(' ').slice(0, 3900) || 'No concerns.',
  };
}

export function evidenceFacts(e: EvidenceReport): string {
  const f = e.sourceFacts;
  const caps = (['shell', 'env', 'process', 'filesystem', 'wallet', 'network'] as const).filter((k) => f[k]);
  return `Evidence ${e.engineVersion}: risk ${e.sandboxRiskLevel}, ${e.findings.length} finding(s), capabilities [${caps.join(', ') || 'none'}], ${f.externalHosts.length} external host(s).`;
}

/**
 * Findings that show the harm itself rather than a keyword: a data flow the behaviour model followed,
 * a write into startup files or key stores, a claim the code contradicts, a caller's input followed
 * into code, a shell line or a query, an instruction read by role, a declared endpoint the probe found
 * at a non-public address or behind an invalid certificate (the two that block approval).
 * The reviewer whose emphasis such a finding falls in counts it at any strictness and blocks on it.
 */
const DIRECT =
  /^(?:BEHAVIOUR_SENSITIVE_FLOW|BEHAVIOUR_PERSISTENT_WRITE|BEHAVIOUR_CLAIM_CONTRADICTED|BEHAVIOUR_INJECTION|BEHAVIOUR_RUNS_WRITTEN_FILE|PROMPT_INTENT|PROBE_ENDPOINT_REFUSED|PROBE_TLS_INVALID)$/;

export function directEvidence(fs: Finding[], mine: RegExp): Finding[] {
  return fs.filter((f) => DIRECT.test(f.ruleId) && mine.test(f.ruleId) && atLeast(f.severity, 'HIGH'));
}

/**
 * Whether a finding counts against the skill for a strictness: strict from MEDIUM, balanced from
 * HIGH, lenient from CRITICAL — and lenient also from HIGH when the engine is sure (HIGH confidence).
 */
export function counts(f: Finding, s: Strictness): boolean {
  if (atLeast(f.severity, floorFor(s))) return true;
  return s === 'lenient' && atLeast(f.severity, 'HIGH') && f.confidence === 'HIGH';
}

/** Concerns cited from findings that count for the reviewer's strictness (see `counts`). */
const COUNTED = new WeakSet<VerdictFinding>();

/**
 * Cites the findings that count for a strictness. They count in the verdict too, even below the
 * strictness floor: that is how a lenient reviewer weighs a HIGH finding the engine is sure of.
 */
export function citeCounted(fs: Finding[], s: Strictness, summary: (f: Finding) => string): VerdictFinding[] {
  const out = cite(
    fs.filter((x) => counts(x, s)),
    summary,
  );
  for (const c of out) COUNTED.add(c);
  return out;
}

/** A sure finding (HIGH or worse, HIGH confidence) that a strict or balanced reviewer blocks on. */
export function blocksOn(fs: Finding[], s: Strictness): boolean {
  return s !== 'lenient' && fs.some((f) => atLeast(f.severity, 'HIGH') && f.confidence === 'HIGH');
}

/**
 * The direct-evidence part of a review, the same for every family: findings in the reviewer's own
 * reading (`mine`) go first and always count; direct findings outside it count for strict and balanced
 * reviewers. Both are added to `concerns`; `forced` tells the caller which concerns count regardless
 * of the strictness floor (these, and those cited by `citeCounted`).
 */
export function withDirectEvidence(
  e: EvidenceReport,
  mine: RegExp,
  label: string,
  strictness: Strictness,
  concerns: VerdictFinding[],
): { direct: Finding[]; directConcerns: VerdictFinding[]; outsideSure: Finding[]; forced: (c: VerdictFinding) => boolean } {
  const direct = directEvidence(e.findings, mine);
  const directConcerns = cite(direct, (x) => `${label}: ${x.title} at ${where(x)}`);
  concerns.unshift(...directConcerns);
  const elsewhere = strictness === 'lenient' ? [] : directEvidence(e.findings, /./).filter((x) => !direct.includes(x));
  const elsewhereConcerns = cite(elsewhere, (x) => `Also shown directly: ${x.title} at ${where(x)}`, 4);
  concerns.push(...elsewhereConcerns);
  // Serious findings outside this reviewer's emphasis still count, by the same strictness rule as its
  // own: a finding only one family reads could otherwise never gather a majority of a mixed panel.
  const cited = new Set(concerns.flatMap((c) => c.evidenceIds));
  const outside = e.findings.filter((x) => atLeast(x.severity, 'HIGH') && !cited.has(x.id) && counts(x, strictness));
  const outsideConcerns = cite(outside, (x) => `Outside this reading, still serious: ${x.title} at ${where(x)}`, 4);
  concerns.push(...outsideConcerns);
  return {
    direct,
    directConcerns,
    outsideSure: outside.filter((x) => x.confidence === 'HIGH' && strictness !== 'lenient'),
    forced: (c) => directConcerns.includes(c) || elsewhereConcerns.includes(c) || outsideConcerns.includes(c) || COUNTED.has(c),
  };
}
