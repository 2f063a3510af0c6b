/** Helpers the static and execution halves of the code review share. */
import { SEVERITY_RANK, type BehaviourEvent, type BehaviourModel, type CodeEventKind, type CodeReview, type Finding, type Severity } from '@sigma/core';
import { cleanExcerpt, findingId } from '../findings.js';

export const rank = (s: Severity) => SEVERITY_RANK[s];
export const maxSev = (a: Severity, b: Severity): Severity => (rank(a) >= rank(b) ? a : b);

export function finding(
  ruleId: string,
  title: string,
  severity: Severity,
  file: string | null,
  line: number | null,
  excerpt: string,
  why: string,
  remediation: string,
  blocking: boolean,
  tags: string[],
): Finding {
  const ex = cleanExcerpt(excerpt);
  return { id: findingId(ruleId, file, line, ex), ruleId, title, severity, confidence: 'HIGH', file, line, excerpt: ex, why, remediation, tags, blocking };
}

export interface StaticReview {
  review: Omit<CodeReview, 'execution' | 'summary' | 'findings'>;
  model: BehaviourModel;
  /** Env names the code reads: each gets a mock value in the sandbox. */
  envNames: string[];
  findings: Finding[];
}

export const KIND: Partial<Record<BehaviourEvent['category'], CodeEventKind>> = {
  process: 'process',
  eval: 'eval',
  env: 'env',
  credential: 'credential',
  'home-file': 'file-read',
  'user-file': 'file-read',
  'file-read': 'file-read',
  'file-write': 'file-write',
  'file-delete': 'file-write',
  network: 'network',
};
