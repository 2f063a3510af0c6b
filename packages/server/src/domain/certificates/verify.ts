import { apiDisclaimer } from '@sigma/evidence';
import type { CertificateSnapshot, OnChain, VerifyResponse } from '@sigma/core';
import type { CertificateLite } from './rows.js';
import type { ValidityCheck } from './live-status.js';

/** What a verify response takes from the sealed certificate: fixed once sealed (a change is a change notice). */
export function sealedVerifyFields(row: CertificateLite, snap: CertificateSnapshot) {
  return {
    securityLevel: snap.review.securityLevel,
    sandboxRiskLevel: snap.review.sandboxRiskLevel,
    skillName: snap.skillName,
    skillVersion: snap.skillVersion,
    certificateIssuedAt: snap.certificateIssuedAt,
    expiresAt: snap.expiresAt,
    roundType: snap.round.roundType,
    retainedWarnings: snap.review.retainedWarnings,
    endpointStatus: snap.endpointReview?.endpointStatus ?? null,
    apiDisclaimer: apiDisclaimer({ manifest: snap.manifest, endpointReview: snap.endpointReview }),
    manifest: snap.manifest,
    endpointReview: snap.endpointReview,
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    source: snap.source,
    skillHash: snap.skillHash,
    pin: {
      submissionId: snap.submissionId,
      contentHash: snap.skillHash ?? snap.codeHash,
      sourceRef: snap.source.sourceRef,
      payloadHash: row.payloadHash,
      verdict: 'APPROVED' as const,
      auditedAt: snap.certificateIssuedAt,
    },
  } satisfies Partial<VerifyResponse>;
}

/** How the summary names a certificate: "name version (LEVEL)". */
export function certificateLabel(snap: CertificateSnapshot): string {
  return `${snap.skillName ?? 'an unnamed skill'}${snap.skillVersion ? ` ${snap.skillVersion}` : ''} (${snap.review.securityLevel})`;
}

/** What a verify response computes at request time. */
export function liveVerifyFields(row: CertificateLite, validity: ValidityCheck, onChain: OnChain, views: number, activeFlagCount: number, label: string) {
  return {
    certificateId: row.id,
    valid: validity.valid,
    status: validity.status,
    summary: validity.valid ? `Valid SIGMA certificate for ${label}.` : `Not valid: ${validity.reasons.join('; ')}.`,
    invalidReasons: validity.reasons,
    activeFlagCount,
    onChain,
    supersededBy: row.supersededBy,
    sourceStale: row.sourceStale,
    views,
  } satisfies Partial<VerifyResponse>;
}

/** The live part of a verify response as bytes up to its last field's value (`{…,"views":`). */
export function verifyHead(live: ReturnType<typeof liveVerifyFields>): Buffer {
  const text = JSON.stringify({ ...live, views: 0 });
  if (!text.endsWith('"views":0}')) throw new Error('views must be the last live field');
  return Buffer.from(text.slice(0, -2));
}

/** head + views + tail: one buffer, one copy of each part. */
export function verifyBody(head: Buffer, views: number, tail: Buffer): Buffer {
  const digits = String(views);
  const out = Buffer.allocUnsafe(head.length + digits.length + tail.length);
  head.copy(out, 0);
  out.write(digits, head.length, 'latin1');
  tail.copy(out, head.length + digits.length);
  return out;
}
