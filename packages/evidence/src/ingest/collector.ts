import { createHash } from 'node:crypto';
import type { Finding } from '@sigma/core';
import type { Hit } from '../rules/rule.js';
import type { ExcludedFile, Limits } from '../types.js';
import { ingestFinding } from './rules.js';
import type { IngestRuleId } from './rules.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const ARCHIVE_SEP = '!/';

export interface Candidate {
  path: string;
  bytes: Uint8Array;
  /** How many archives this file sits inside (0 = submitted directly). */
  depth: number;
}

export class Collector {
  readonly problems: Finding[] = [];
  readonly excluded: ExcludedFile[] = [];
  entries = 0;
  constructor(readonly limits: Limits) {}

  problem(ruleId: IngestRuleId, file: string | null, detail: string, over?: Partial<Omit<Hit, 'ruleId'>>): void {
    this.problems.push(ingestFinding({ ruleId, file, line: null, excerpt: detail, detail, ...over }));
  }

  exclude(path: string, bytes: Uint8Array | null, size: number, reason: string): void {
    this.excluded.push({ path, bytes: size, sha256: bytes ? sha256(bytes) : null, reason });
  }
}
