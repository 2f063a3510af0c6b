import { analyze } from './analyze.js';
import { ingestPath } from './ingest/path.js';
import { renderText } from './report/render.js';
import { toSarif } from './report/sarif.js';

export interface ValidateOptions {
  path: string;
  format: 'text' | 'json' | 'sarif';
  ref?: string;
}

export interface ValidateIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/**
 * `sigma validate <path|git-url> --format text|json|sarif [--ref <commit>]`, offline.
 * Exit codes: 0 nothing blocking, 1 blocking findings, 2 error (the source could not be read, or
 * the engine failed).
 */
export async function runValidate(opts: ValidateOptions, io: ValidateIo): Promise<number> {
  try {
    if (!['text', 'json', 'sarif'].includes(opts.format)) {
      io.stderr(`unknown format ${JSON.stringify(opts.format)} (use text, json or sarif)\n`);
      return 2;
    }
    const ingest = await ingestPath(opts.path, opts.ref === undefined ? {} : { ref: opts.ref });
    const sourceError = ingest.files.length === 0 && ingest.problems.some((p) => p.ruleId === 'UNANALYZABLE_SOURCE');
    const report = await analyze(ingest);
    if (opts.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (opts.format === 'sarif') io.stdout(`${JSON.stringify(toSarif(report), null, 2)}\n`);
    else io.stdout(renderText(report));
    if (sourceError) {
      for (const p of ingest.problems.filter((x) => x.ruleId === 'UNANALYZABLE_SOURCE')) io.stderr(`error: ${p.excerpt}\n`);
      return 2;
    }
    return report.blocked ? 1 : 0;
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n`);
    return 2;
  }
}
