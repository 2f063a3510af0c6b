import { analyze, ingestFiles, ingestPath } from '@sigma/evidence';
import type { EvidenceReport, ProductType } from '@sigma/core';
import type { Services } from '../../services.js';
import { mirrorUrl } from '../../config-git.js';
import type { DecodedFile } from '../submissions/service.js';

/** The evidence engine's entry points (a test may pass one that fails, to exercise the fault path). */
export interface Engine {
  ingestFiles: typeof ingestFiles;
  ingestPath: typeof ingestPath;
  analyze: typeof analyze;
}
export const realEngine: Engine = { ingestFiles, ingestPath, analyze };

/** What is analysed: uploaded files, or a pinned git source. */
export type EngineSource = { type: 'upload'; files: DecodedFile[] } | { type: 'git'; url: string; ref: string };

/** How many times this process ran the engine (a counter for operators and for the once-per-submission test). */
export const engineRuns = { count: 0 };

/** Run the evidence engine once on a source: ingest within the configured limits, then analyse. */
export async function runEngine(
  s: Services,
  source: EngineSource,
  draft: { devNotes: string; productType: ProductType },
  engine: Engine = realEngine,
): Promise<{ report: EvidenceReport; ingest: ReturnType<typeof ingestFiles> }> {
  engineRuns.count++;
  const limits = { maxFiles: s.config.limits.maxFiles, maxTotalBytes: s.config.limits.maxTotalBytes, maxFileBytes: s.config.limits.maxFileBytes };
  const ingest = source.type === 'git' ? await ingestGit(s, engine, source, limits) : engine.ingestFiles(source.files, limits);
  const report = await engine.analyze(ingest, { limits, devNotes: draft.devNotes, productType: draft.productType, now: () => s.clock.now() });
  return { report, ingest };
}

/** A pinned git source, fetched from its operator-configured mirror when there is one; messages name the submitted URL. */
async function ingestGit(
  s: Services,
  engine: Engine,
  source: { url: string; ref: string },
  limits: NonNullable<Parameters<typeof ingestPath>[1]>['limits'],
): Promise<ReturnType<typeof ingestFiles>> {
  const { fetchUrl, shown } = mirrorUrl(s.config.gitMirrors, source.url);
  const ingest = await engine.ingestPath(fetchUrl, { limits, ref: source.ref });
  if (fetchUrl === source.url) return ingest;
  const problems = ingest.problems.map((f) => ({ ...f, excerpt: shown(f.excerpt), why: shown(f.why) }));
  return { ...ingest, problems };
}
