import { and, eq } from 'drizzle-orm';
import { SigmaError, type DomainProof, type SiteProofStatus } from '@sigma/core';
import { checkDomainProof, createGuardPolicy } from '@sigma/evidence';
import { certificateChecks } from '../../db/schema/index.js';
import { certificatePageUrl, certificateVerifyUrl } from '../../lib/urls.js';
import type { Services } from '../../services.js';
import { effectiveStatus } from '../certificates/live-status.js';
import { ownedCertificate } from '../certificates/renewal.js';
import { getCertificateRow } from '../certificates/rows.js';
import { checkRow } from './checks.js';

/** Why a homepage URL is refused before anything is fetched (the guard still vets where it resolves). */
export function homepageUrlProblem(raw: string): string | null {
  if (raw.length > 2048) return 'longer than 2048 characters';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `scheme ${u.protocol} is not http(s)`;
  if (u.username || u.password) return 'credentials in the URL are never sent';
  if (u.hash || raw.includes('#')) return 'a fragment names no page';
  return null;
}

/** The certificate page and the verify URL: a link to either counts (and to `/certificates/:id`, which the page also answers). */
export function certificateUrls(publicUrl: string, certificateId: string): string[] {
  return [certificatePageUrl(publicUrl, certificateId), `${publicUrl}/certificates/${certificateId}`, certificateVerifyUrl(publicUrl, certificateId)];
}

/**
 * The owner names (or changes) the homepage of an APPROVED certificate; the check is queued at once.
 * A new homepage replaces the previous one and its result.
 */
export async function requestSiteProof(s: Services, developerId: string, certificateId: string, homepageUrl: string): Promise<SiteProofStatus> {
  const problem = homepageUrlProblem(homepageUrl);
  if (problem) throw new SigmaError('SIGMA_E_SITE_PROOF_URL_INVALID', `homepageUrl: ${problem}.`, { field: 'homepageUrl' });
  return s.transact(async (tx, next) => {
    const { cert } = await ownedCertificate(tx, developerId, certificateId, true);
    const status = effectiveStatus(cert, s.clock);
    if (status !== 'APPROVED') throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_CURRENT', `The certificate is ${status}.`);
    const now = s.clock.now();
    const values = { target: homepageUrl, result: null, checkedAt: null, checksDone: 0, nextCheckAt: now, createdAt: now };
    await tx
      .insert(certificateChecks)
      .values({ certificateId, kind: 'SITE_PROOF', intervalSeconds: s.config.liveChecks.driftIntervalSeconds, ...values })
      .onConflictDoUpdate({ target: [certificateChecks.certificateId, certificateChecks.kind], set: values });
    await next.siteProof(certificateId);
    return { homepageUrl, requestedAt: now.toISOString(), check: null };
  });
}

/**
 * Job `certificates.site-proof`: fetch the named homepage only (GET, same-site redirects, the outbound
 * guard, size and time caps, no credentials) and look for an ordinary visible link to the certificate
 * page. Re-checked on the drift interval while the certificate is current.
 */
export async function runSiteProof(s: Services, certificateId: string): Promise<DomainProof | null> {
  const row = await checkRow(s.db, certificateId, 'SITE_PROOF');
  if (!row?.target) return null;
  const cert = await getCertificateRow(s.db, certificateId);
  const where = and(eq(certificateChecks.certificateId, certificateId), eq(certificateChecks.kind, 'SITE_PROOF'), eq(certificateChecks.target, row.target));
  const current = ['APPROVED', 'SUSPENDED'].includes(effectiveStatus(cert, s.clock));
  if (!current) {
    await s.db.update(certificateChecks).set({ nextCheckAt: null }).where(where);
    return null;
  }
  const policy = createGuardPolicy({ allowList: s.config.probe.allowList, totalTimeoutMs: s.config.probe.timeoutMs });
  const proof = await checkDomainProof(
    { homepageUrl: row.target, certificateUrls: certificateUrls(s.config.publicUrl, certificateId) },
    { policy, now: () => s.clock.now() },
  );
  const interval = row.intervalSeconds ?? s.config.liveChecks.driftIntervalSeconds;
  const checkedAt = s.clock.now();
  // Only if the homepage is still the one checked: a newer request has its own job.
  await s.db
    .update(certificateChecks)
    .set({
      result: proof as unknown as Record<string, unknown>,
      checkedAt,
      checksDone: row.checksDone + 1,
      nextCheckAt: new Date(checkedAt.getTime() + interval * 1000),
    })
    .where(where);
  return proof;
}
