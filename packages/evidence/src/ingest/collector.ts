import { createHash } from 'node:crypto';
import { HIDDEN_IN_IDENTIFIER } from '@sigma/core';
import type { Finding } from '@sigma/core';
import type { Hit } from '../rules/rule.js';
import type { ExcludedFile, Limits } from '../types.js';
import { ingestFinding } from './rules.js';
import type { IngestRuleId } from './rules.js';
import type { FileNameProblem } from './names.js';

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

  /** A refused file name: a blocking finding naming the file (hidden characters shown as escapes), and an inventory row. */
  refuseName(path: string, bytes: Uint8Array | null, size: number, p: FileNameProblem): void {
    const shown = displayPath(path);
    this.problems.push(
      ingestFinding({
        ruleId: 'UNANALYZABLE_FILE_NAME',
        file: shown,
        line: null,
        excerpt: `${shown}: ${p.detail}`,
        detail: p.detail,
        tags: [`reason:${p.reason}`],
      }),
    );
    this.exclude(shown, bytes, size, `file name refused (${p.reason})`);
  }

  exclude(path: string, bytes: Uint8Array | null, size: number, reason: string): void {
    this.excluded.push({ path, bytes: size, sha256: bytes ? sha256(bytes) : null, reason });
  }
}

const HIDDEN_ALL = new RegExp(HIDDEN_IN_IDENTIFIER.source, 'gu');

/** A path as it may be shown: control, bidi and invisible characters replaced by `\u{…}` escapes. */
export function displayPath(path: string): string {
  return path.replace(HIDDEN_ALL, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}
