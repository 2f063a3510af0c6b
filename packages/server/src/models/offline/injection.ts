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

/** Injection and exfiltration: instructions that hijack the agent or its reviewers, and data leaving. */
const INJECTION = /inject|override|poison|hidden|unicode|zero.?width|bidi|tag.?char|reviewer|jailbreak|instruction|remote.?instr|truncat|padding|ASI0?1|LLM01/i;
const EXFIL = /exfil|secret|credential|wallet|ssh|aws|keychain|seed.?phrase|private.?key|token|cookie|browser.?store|env.*send|upload/i;

export function reviewInjection(ctx: ReviewContext, strictness: Strictness): VerdictOutput {
  const e = ctx.evidence;
  const f = e.sourceFacts;
  const floor = floorFor(strictness);
  const concerns: VerdictFinding[] = [];
  const notes: string[] = [evidenceFacts(e)];

  if (f.promptInjectionSignalCount > 0) {
    concerns.push({
      evidenceIds: ['sourceFacts.promptInjectionSignalCount'],
      severity: 'HIGH',
      summary: `${f.promptInjectionSignalCount} prompt-injection signal(s) in the submitted text.`,
    });
  }
  if (f.realSecretSignalCount > 0) {
    concerns.push({
      evidenceIds: ['sourceFacts.realSecretSignalCount'],
      severity: 'CRITICAL',
      summary: `${f.realSecretSignalCount} live secret(s) shipped with the skill.`,
    });
  }
  const inj: Finding[] = e.findings.filter((x) => matches(x, INJECTION));
  const exf: Finding[] = e.findings.filter((x) => matches(x, EXFIL) && !inj.includes(x));
  concerns.push(...citeCounted(inj, strictness, (x) => `Injection: ${x.title} at ${where(x)}`));
  concerns.push(...citeCounted(exf, strictness, (x) => `Exfiltration: ${x.title} at ${where(x)}`));
  if (f.network && f.env && strictness === 'strict' && !e.manifest.capabilities.includes('env')) {
    concerns.push({
      evidenceIds: ['sourceFacts.env', 'sourceFacts.network'],
      severity: 'MEDIUM',
      summary: 'Reads the environment and talks to the network without declaring environment use.',
    });
  }

  // What this reviewer reads most closely: Instruction intent: who is told to do what, to what, sent where.
  const { direct, outsideSure, forced } = withDirectEvidence(
    e,
    /^(?:PROMPT_INTENT|BEHAVIOUR_INJECTION)$/,
    'Instruction intent or injected input',
    strictness,
    concerns,
  );
  const counted = concerns.filter((c) => atLeast(c.severity, floor) || forced(c));
  const unsafe = counted.length > 0;
  const sev: Severity = unsafe
    ? counted.reduce<Severity>((m, c) => (atLeast(c.severity, m) ? c.severity : m), 'INFO')
    : inj.length || exf.length
      ? maxSeverity([...inj, ...exf])
      : 'INFO';
  const blocking =
    direct.length > 0 ||
    outsideSure.length > 0 ||
    blocksOn(
      inj.filter((x) => counts(x, strictness)),
      strictness,
    ) ||
    blocksOn(
      exf.filter((x) => counts(x, strictness)),
      strictness,
    ) ||
    counted.some((c) => c.severity === 'CRITICAL') ||
    (unsafe && f.promptInjectionSignalCount > 0 && strictness !== 'lenient');
  notes.push(
    unsafe
      ? `The submission tries to steer the agent or move data out: ${counted
          .map((c) => c.summary)
          .slice(0, 3)
          .join(' ')}`
      : 'No instruction hijacking or data leaving the machine was found in the evidence.',
  );
  return verdict(unsafe, blocking, sev, concerns.slice(0, 20), notes);
}
