import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REGISTRY, RULES } from './registry.js';
import type { RuleId } from './registry.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('registry', () => {
  it('every rule id has complete metadata and an OWASP tag', () => {
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.why.length).toBeGreaterThan(20);
      expect(r.remediation.length).toBeGreaterThan(5);
      expect(r.owasp.length).toBeGreaterThan(0);
    }
  });

  it('every fail-closed UNANALYZABLE_* rule blocks', () => {
    for (const r of RULES.filter((x) => x.id.startsWith('UNANALYZABLE_'))) expect(r.blocking).toBe(true);
  });

  it('ids and rule names are unique; every id reported for another rule is defined', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(REGISTRY.map((r) => r.name)).size).toBe(REGISTRY.length);
    const ids = new Set<string>(RULES.map((r) => r.id));
    for (const r of REGISTRY) for (const id of r.alsoReports ?? []) expect(ids.has(id), `${r.name} → ${id}`).toBe(true);
  });

  it('RuleId is the union of the defined ids (checked by the compiler)', () => {
    const known: RuleId = 'EXEC_PIPE_TO_SHELL';
    // @ts-expect-error: not a rule id
    const unknown: RuleId = 'NOT_A_RULE';
    expect([known, unknown]).toHaveLength(2);
  });

  it('every module that defines a rule has its tests beside it', () => {
    const missing: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && /\b(?:engine|file|unit|blob|skill|report)Rule\(\{/.test(readFileSync(p, 'utf8'))) {
          // Engine rules are metadata for findings their stage raises; the stage's tests cover them.
          const test = p.replace(/\.ts$/, '.test.ts');
          const stageTest = join(dirname(p), `${dirname(p).split('/').pop()}.test.ts`);
          if (!existsSync(test) && !existsSync(stageTest)) missing.push(relative(src, p));
        }
      }
    };
    walk(src);
    expect(missing).toEqual([]);
  });
});
