import { createHash } from 'node:crypto';
import { SEVERITY_RANK } from '@sigma/core';
import type { Finding, Severity } from '@sigma/core';
import type { Hit, RuleMeta } from './rules/rule.js';
import { redactSecrets } from './rules/secrets/detect.js';

const MAX_EXCERPT = 200;

/** Makes an excerpt printable and short: invisible/control characters shown as \u{…}, secrets redacted. */
export function cleanExcerpt(raw: string): string {
  let s = raw.length > 2000 ? raw.slice(0, 2000) : raw;
  s = redactSecrets(s);
  s = s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]|[\u{e0000}-\u{e01ef}]/gu,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
  s = s
    .replace(/[\t\n\r]+/g, ' ')
    .replace(/ {3,}/g, '  ')
    .trim();
  if (s.length > MAX_EXCERPT) s = `${s.slice(0, MAX_EXCERPT - 1)}…`;
  return s;
}

export function findingId(ruleId: string, file: string | null, line: number | null, excerpt: string): string {
  return createHash('sha256')
    .update(`${ruleId}\u0000${file ?? ''}\u0000${line ?? 0}\u0000${excerpt}`)
    .digest('hex')
    .slice(0, 16);
}

/** The finding for a hit: metadata defaults, the hit's overrides, and every explained adjustment in `why`. */
export function hitToFinding(hit: Hit, meta: RuleMeta): Finding {
  if (meta.id !== hit.ruleId) throw new Error(`metadata of ${meta.id} given for a ${hit.ruleId} hit`);
  const excerpt = cleanExcerpt(hit.excerpt);
  let why = hit.detail ? `${meta.why} ${cleanDetail(hit.detail)}` : meta.why;
  for (const a of hit.adjustments ?? []) why = `${why} ${cleanDetail(a)}`;
  return {
    id: findingId(hit.ruleId, hit.file, hit.line, excerpt),
    ruleId: meta.id,
    title: meta.title,
    severity: hit.severity ?? meta.severity,
    confidence: hit.confidence ?? meta.confidence,
    file: hit.file,
    line: hit.line !== null && hit.line > 0 ? hit.line : null,
    excerpt,
    why,
    remediation: meta.remediation,
    tags: [...meta.owasp, `category:${meta.category}`, ...(hit.tags ?? [])],
    blocking: hit.blocking ?? meta.blocking,
  };
}

function cleanDetail(d: string): string {
  const s = cleanExcerpt(d);
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?"'…)]$/.test(t) ? t : `${t}.`;
}

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** Deterministic order: severity (high first), rule, file, line, excerpt. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    cmp(a.excerpt, b.excerpt) ||
    cmp(a.id, b.id)
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges duplicate findings (same rule, file and line) keeping the most severe, and caps how many
 * findings one rule may produce in one file so a hostile file cannot flood the report.
 */
export function dedupeFindings(findings: Finding[], perRuleFileCap = 20): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.file ?? ''}\u0000${f.line ?? 0}`;
    const prev = best.get(key);
    if (!prev || severityRank(f.severity) > severityRank(prev.severity) || (f.blocking && !prev.blocking)) {
      best.set(key, f);
    }
  }
  const sorted = [...best.values()].sort(compareFindings);
  const counts = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of sorted) {
    const key = `${f.ruleId}\u0000${f.file ?? ''}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    if (n < perRuleFileCap) out.push(f);
  }
  return out;
}
