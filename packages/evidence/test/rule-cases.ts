/**
 * Shared shapes for the tests beside each rule: an attack that must fire (with its severity and
 * blocking where it matters) and a near-miss that legitimate skills write, which must not reach
 * HIGH, block, or count a live secret or a prompt-injection signal.
 */
import type { Severity } from '@sigma/core';
import { expect, it } from 'vitest';
import { run, skillMd } from './helpers.js';

export type Files = Record<string, string>;

export interface FiringCase {
  name: string;
  files: Files;
  rule: string;
  severity?: Severity;
  blocking?: boolean;
}

export interface QuietCase {
  name: string;
  files: Files;
  /** This rule must stay below MEDIUM. */
  rule?: string;
}

export const md = (body: string): Files => ({ 'SKILL.md': skillMd(body) });
export const withScript = (path: string, code: string): Files => ({ 'SKILL.md': skillMd('Runs the helper script.'), [path]: code });

const rank: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** One test per case: the rule fires, at the expected severity, and blocks (or not) as expected. */
export function itFires(cases: readonly FiringCase[]): void {
  for (const c of cases) {
    it(`fires: ${c.name}`, async () => {
      const r = await run(c.files);
      const hits = r.findings.filter((f) => f.ruleId === c.rule);
      expect(hits.length, `${c.rule} in ${JSON.stringify(r.findings.map((f) => `${f.ruleId}:${f.severity}`))}`).toBeGreaterThan(0);
      if (c.severity)
        expect(
          hits.some((h) => h.severity === c.severity),
          JSON.stringify(hits.map((h) => h.severity)),
        ).toBe(true);
      if (c.blocking !== undefined) {
        expect(hits.some((h) => h.blocking === c.blocking)).toBe(true);
        if (c.blocking) expect(r.blocked).toBe(true);
      }
    });
  }
}

/** One test per near-miss: nothing HIGH, nothing blocking, no live secret, no prompt-injection signal. */
export function itStaysQuiet(cases: readonly QuietCase[]): void {
  for (const c of cases) {
    it(`quiet: ${c.name}`, async () => {
      const r = await run(c.files);
      const high = r.findings.filter((f) => rank[f.severity] >= rank.HIGH);
      expect(high.map((f) => `${f.ruleId} ${f.excerpt}`)).toEqual([]);
      expect(r.blocked).toBe(false);
      expect(r.sourceFacts.realSecretSignalCount).toBe(0);
      expect(r.sourceFacts.promptInjectionSignalCount).toBe(0);
      if (c.rule) expect(r.findings.filter((f) => f.ruleId === c.rule && rank[f.severity] >= rank.MEDIUM)).toEqual([]);
    });
  }
}
