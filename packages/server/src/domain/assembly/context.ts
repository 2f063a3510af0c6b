import { eq } from 'drizzle-orm';
import { evidenceReports } from '../../db/schema/index.js';
import type { ReviewContext } from '../../models/provider.js';
import type { Services } from '../../services.js';
import { getSubmissionFiles, getSubmissionRow } from '../submissions/service.js';

/** What a reviewer of one seat sees: the evidence, the analysed files (each cut at 64 KiB), the developer's notes. */
const TEXT_LIMIT = 64 * 1024;

export async function buildContext(
  s: Services,
  seatId: string,
  roundId: string,
  phase: number,
  nonce: string,
  submissionId: string,
): Promise<ReviewContext | null> {
  const sub = await getSubmissionRow(s.db, submissionId);
  const ev = (await s.db.select().from(evidenceReports).where(eq(evidenceReports.submissionId, submissionId)).limit(1))[0];
  if (!sub || !ev) return null;
  const files = await getSubmissionFiles(s.db, submissionId);
  const dec = new TextDecoder('utf-8', { fatal: false });
  const texts = files
    .filter((f) => ev.report.sourceFacts.files.some((x) => x.path === f.path && x.analyzed))
    .map((f) => ({ path: f.path, text: dec.decode(f.bytes.subarray(0, TEXT_LIMIT)) }));
  const skill = texts.find((f) => f.path === 'SKILL.md') ?? texts.find((f) => f.path.endsWith('/SKILL.md'));
  return {
    roundId,
    seatId,
    phase,
    nonce,
    productType: sub.productType,
    evidence: ev.report,
    skillMd: skill?.text ?? '',
    files: texts.filter((f) => f !== skill),
    devNotes: sub.devNotes,
  };
}
