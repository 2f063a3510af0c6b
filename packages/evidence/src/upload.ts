import type { ErrorCode, Finding } from '@sigma/core';
import { ingestFiles } from './ingest/ingest.js';
import { readSkillDocument, selectSkillMd } from './manifest/document.js';
import { indexRules } from './pipeline/rule-index.js';
import { FRONT_MATTER, frontMatterHits } from './rules/manifest/front-matter.js';
import { REGISTRY } from './rules/registry.js';
import { hitToFinding } from './findings.js';
import { decodeText } from './classify.js';
import type { IngestResult, InputFile, Limits } from './types.js';

/** A finding that means the upload itself cannot be read, with the catalogue code the server answers. */
export interface UploadRefusal {
  /** `SIGMA_E_SUBMISSION_FILE_NAME_INVALID` or `SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID` (HTTP 400). */
  code: ErrorCode;
  ruleId: string;
  /** The file at fault (hidden characters escaped), or null. */
  file: string | null;
  line: number | null;
  /** Why, in words (the finding's excerpt). */
  reason: string;
  /** The `reason:` tag of the finding (e.g. `case-clash`, `duplicate-key`), or null. */
  kind: string | null;
}

/**
 * The findings of a report (or an ingest) that refuse the upload itself: those whose rule
 * metadata carries an `uploadError`. Every other blocking finding rejects after payment, before
 * the council (the evidence step), and the dry run shows them all.
 */
export function uploadRefusals(findings: readonly Finding[]): UploadRefusal[] {
  const ix = indexRules(REGISTRY);
  const out: UploadRefusal[] = [];
  for (const f of findings) {
    const code = ix.has(f.ruleId) ? ix.meta(f.ruleId).uploadError : undefined;
    if (!code) continue;
    const kind = f.tags.find((t) => t.startsWith('reason:'))?.slice('reason:'.length) ?? null;
    out.push({ code, ruleId: f.ruleId, file: f.file, line: f.line, reason: f.excerpt, kind });
  }
  return out;
}

/**
 * What the server's upload path checks before a quote or payment: ingest (file names, limits,
 * archives) and SKILL.md's front matter, without the full analysis. Returns the refusals (empty
 * when the upload can be read) and the ingest result, which `analyze` accepts as is.
 */
export function preflightUpload(files: InputFile[], opts: { limits?: Partial<Limits> } = {}): { refusals: UploadRefusal[]; ingest: IngestResult } {
  const ingest = ingestFiles(files, opts.limits);
  const findings: Finding[] = [...ingest.problems];
  const skillMd = selectSkillMd([...ingest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  if (skillMd) {
    const doc = readSkillDocument(skillMd, decodeText(skillMd.bytes).text ?? '');
    const meta = new Map(FRONT_MATTER.meta.map((m) => [m.id, m]));
    for (const h of frontMatterHits(doc)) findings.push(hitToFinding(h, meta.get(h.ruleId)!));
  }
  return { refusals: uploadRefusals(findings), ingest };
}
