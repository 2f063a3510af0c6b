import type { Severity } from '@sigma/core';
import type { BlobRule, FileRule, Hit, ReportRule, Rule, RuleMeta, SkillRule, UnitRule } from '../rules/rule.js';

/**
 * A rule list checked and indexed for one analysis: unique rule names and ids, metadata by id,
 * rules by scope (each in list order, which is the order they run in).
 */
export class RuleIndex {
  readonly rules: readonly Rule[];
  readonly metas: readonly RuleMeta[];
  readonly file: readonly FileRule[];
  readonly unit: readonly UnitRule[];
  readonly blob: readonly BlobRule[];
  readonly skill: readonly SkillRule[];
  readonly report: readonly ReportRule[];
  private readonly byId = new Map<string, RuleMeta>();

  constructor(rules: readonly Rule[]) {
    const names = new Set<string>();
    for (const r of rules) {
      if (!/^[a-z][a-z0-9-]*$/.test(r.name)) throw new Error(`rule name ${JSON.stringify(r.name)} must be kebab-case`);
      if (names.has(r.name)) throw new Error(`two rules are named ${r.name}`);
      names.add(r.name);
      for (const m of r.meta) {
        if (!/^[A-Z][A-Z0-9_]+$/.test(m.id)) throw new Error(`rule id ${JSON.stringify(m.id)} (rule ${r.name}) must be UPPER_SNAKE_CASE`);
        if (this.byId.has(m.id)) throw new Error(`rule id ${m.id} is defined twice (rule ${r.name})`);
        this.byId.set(m.id, m);
      }
    }
    for (const r of rules) {
      for (const id of r.alsoReports ?? []) if (!this.byId.has(id)) throw new Error(`rule ${r.name} reports ${id}, which no rule defines`);
    }
    this.rules = rules;
    this.metas = rules.flatMap((r) => r.meta);
    this.file = rules.filter((r): r is FileRule => r.scope === 'file');
    this.unit = rules.filter((r): r is UnitRule => r.scope === 'unit');
    this.blob = rules.filter((r): r is BlobRule => r.scope === 'blob');
    this.skill = rules.filter((r): r is SkillRule => r.scope === 'skill');
    this.report = rules.filter((r): r is ReportRule => r.scope === 'report');
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  meta(id: string): RuleMeta {
    const m = this.byId.get(id);
    if (!m) throw new Error(`unknown rule id ${id}`);
    return m;
  }

  severityOf(hit: Hit): Severity {
    return hit.severity ?? this.meta(hit.ruleId).severity;
  }
}

const cache = new WeakMap<readonly Rule[], RuleIndex>();

/** The index of a rule list (built once per list). */
export function indexRules(rules: readonly Rule[]): RuleIndex {
  let ix = cache.get(rules);
  if (!ix) {
    ix = new RuleIndex(rules);
    cache.set(rules, ix);
  }
  return ix;
}
