import { performance } from 'node:perf_hooks';
import { engineRule } from '../rules/rule.js';
import type { Hit } from '../rules/rule.js';
import { makeUnit, newFacts } from '../rules/unit.js';
import type { Facts, Unit } from '../rules/unit.js';
import { findBlobs } from '../text/blobs.js';
import type { AnalysisState } from './state.js';
import { sinkFor } from './state.js';

/** Decoded text is decoded again, up to this depth. */
export const MAX_DECODE_DEPTH = 3;

/** The per-file time cap: raised by this stage when a file's rules run out of time. */
export const TIME_CAP = engineRule({
  name: 'time-cap',
  meta: [
    {
      id: 'UNANALYZABLE_TIMEOUT',
      title: 'Analysis time cap reached',
      category: 'ingest',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'The file took longer than the per-file time cap to analyse; the rest of it was not checked.',
      remediation: 'Simplify the file (very long lines and huge generated content slow analysis).',
    },
  ],
});

class TimeCap extends Error {}

/**
 * Scans a top-level unit (a file's text, or the developer's notes) with every unit rule, then
 * decodes its blobs and scans them too. Returns false when the deadline passed (the hits found so
 * far are kept).
 */
export function scanTopUnit(state: AnalysisState, unit: Unit, facts: Facts, out: Hit[], deadline: number): boolean {
  try {
    scanUnit(state, unit, facts, out, deadline);
    return true;
  } catch (e) {
    if (e instanceof TimeCap) return false;
    throw e;
  }
}

function scanUnit(state: AnalysisState, u: Unit, facts: Facts, out: Hit[], deadline: number): void {
  const check = (): void => {
    if (performance.now() > deadline) throw new TimeCap();
  };
  for (const rule of state.index.unit) {
    if (u.depth > 0 && !rule.decoded) continue;
    if (rule.when && !rule.when(u)) continue;
    rule.run(u, { hits: sinkFor(rule, out), facts, store: state.store });
    check();
  }
  if (u.depth >= MAX_DECODE_DEPTH) return;
  for (const blob of findBlobs(u)) {
    const line = u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(blob.offset);
    const child = makeUnit(u.file, 'text', 'prose', blob.decoded, null, { line, encoding: blob.encoding }, u.depth + 1);
    const before = out.length;
    scanUnit(state, child, facts, out, deadline);
    const found = out.slice(before);
    for (const rule of state.index.blob) {
      rule.run({ ...blob, parent: u, line, found }, { hits: sinkFor(rule, out), severityOf: (h) => state.index.severityOf(h) });
    }
    check();
  }
}

/** The developer's advisory note is a claim to check: screened like instructions, with facts of its own. */
export function scanDevNotes(state: AnalysisState, devNotes: string | undefined, perFileMs: number): void {
  if (!devNotes || devNotes.trim().length === 0) return;
  const unit = makeUnit('(devNotes)', 'markdown', 'prose', devNotes.slice(0, 20000), null);
  scanTopUnit(state, unit, newFacts(), state.hits, performance.now() + perFileMs);
}
