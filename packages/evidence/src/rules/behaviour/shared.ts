import { SEVERITY_RANK } from '@sigma/core';
import type { Severity } from '@sigma/core';
import { hostOf } from '../../text/hosts.js';
import type { SkillContext } from '../rule.js';

/** At most this many findings per id: the model itself goes to the council, the report names the worst. */
export const PER_ID = 8;

export const worstFirst = <T extends { severity: Severity }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);

/** Hosts the manifest's external calls name (SKILL.md's own hosts are read by the behaviour model). */
export function manifestHosts(ctx: Pick<SkillContext<string>, 'skill'>): string[] {
  return (ctx.skill?.declared.externalCalls ?? []).map((c) => hostOf(c.url)).filter((h): h is string => !!h);
}
