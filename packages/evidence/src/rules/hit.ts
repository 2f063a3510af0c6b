import type { Confidence, Severity } from '@sigma/core';

/** A rule hit before it becomes a report finding. */
export interface Hit<Id extends string = string> {
  ruleId: Id;
  file: string | null;
  line: number | null;
  excerpt: string;
  /** Overrides of the metadata defaults for this hit (context can lower or raise them). */
  severity?: Severity;
  confidence?: Confidence;
  blocking?: boolean;
  /** Extra words appended to `why` (e.g. the decoded hidden text). */
  detail?: string;
  /** Secret hits: whether the value looks live (feeds realSecretSignalCount). */
  liveSecret?: boolean;
  /** Extra tags for the finding (after the OWASP and category tags), e.g. `reason:duplicate-key`. */
  tags?: string[];
  /** Decisions other rules made about this hit (`adjust`), each explained; appended to `why` in order. */
  adjustments?: string[];
}
