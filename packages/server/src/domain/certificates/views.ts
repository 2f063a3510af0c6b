import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import {
  HASH_SCHEME,
  payloadHash,
  SigmaError,
  skillHash as computeSkillHash,
  type CertificateRecord,
  type CertificateSnapshot,
  type CertificateSummary,
  type OnChain,
  type VerifyResponse,
} from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates, submissionFiles } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { roundViews } from '../assembly/rounds.js';

export type CertificateRow = typeof certificates.$inferSelect;

export async function getCertificateRow(db: DbOrTx, id: string): Promise<CertificateRow> {
  if (!/^[0-9a-f]{24}$/.test(id)) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  const row = (await db.select().from(certificates).where(eq(certificates.id, id)).limit(1))[0];
  if (!row) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  return row;
}

export function onChainView(row: CertificateRow, chain: { mode: string; network: string | null; explorerTx?: (hash: string) => string | null } | null): OnChain {
  if (!chain || chain.mode === 'off') {
    return { network: null, chainId: null, registryAddress: null, committed: false, txHash: null, explorerUrl: null, blockNumber: null, note: 'On-chain commitment is disabled on this deployment.' };
  }
  return {
    network: chain.network,
    chainId: row.chainId,
    registryAddress: row.registryAddress,
    committed: row.txHash !== null,
    txHash: row.txHash,
    explorerUrl: row.txHash && chain.explorerTx ? chain.explorerTx(row.txHash) : null,
    blockNumber: row.blockNumber,
    note: row.txHash ? null : 'Commitment pending.',
  };
}

export interface ValidityCheck {
  valid: boolean;
  reasons: string[];
  recomputedHash: string | null;
}

/** `valid` (SPEC §6): APPROVED, no escalated flag open, stored payload hashes to the committed value, not expired. */
export function checkValidity(row: CertificateRow, clock: Clock, extra: { activeEscalatedFlags?: number; onChainHash?: string | null } = {}): ValidityCheck {
  const reasons: string[] = [];
  if (row.status !== 'APPROVED') reasons.push(`status is ${row.status}`);
  if (row.expiresAt.getTime() <= clock.now().getTime()) reasons.push('certificate has expired');
  if ((extra.activeEscalatedFlags ?? 0) > 0) reasons.push(`${extra.activeEscalatedFlags} escalated flag(s) open`);
  let recomputed: string | null = null;
  try {
    recomputed = payloadHash(JSON.parse(row.snapshotJson));
  } catch {
    reasons.push('stored snapshot cannot be parsed');
  }
  if (recomputed !== null && recomputed !== row.payloadHash) reasons.push('stored snapshot no longer hashes to the payload hash');
  if (row.hashScheme !== HASH_SCHEME) reasons.push(`unknown hash scheme ${row.hashScheme}`);
  if (extra.onChainHash !== undefined && extra.onChainHash !== null && recomputed !== null && extra.onChainHash.toLowerCase() !== recomputed) {
    reasons.push('stored snapshot differs from the hash committed on chain');
  }
  return { valid: reasons.length === 0, reasons, recomputedHash: recomputed };
}

export function parseSnapshot(row: CertificateRow): CertificateSnapshot {
  return JSON.parse(row.snapshotJson) as CertificateSnapshot;
}

export async function certificateRecord(db: DbOrTx, row: CertificateRow, onChain: OnChain, activeFlagCount = 0): Promise<CertificateRecord> {
  return {
    certificateId: row.id,
    snapshot: parseSnapshot(row),
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    onChain,
    live: { status: row.status as CertificateRecord['live']['status'], views: row.views, activeFlagCount, monitoring: null, siteProof: null },
    rounds: (await roundViews(db, row.submissionId)).filter((r) => r.roundId === parseSnapshot(row).round.roundId),
  };
}

const OUTBOUND = /^(https?:)?\/\//i;

/** The verify response (SPEC §6), including the pin an agent can store and re-check. */
export function verifyResponse(row: CertificateRow, validity: ValidityCheck, onChain: OnChain, views: number, activeFlagCount = 0): VerifyResponse {
  const snap = parseSnapshot(row);
  const outbound = snap.manifest.safety.network === 'outbound' || snap.manifest.externalCalls.length > 0 || snap.manifest.urls.some((u) => OUTBOUND.test(u));
  const summary = validity.valid
    ? `Valid SIGMA certificate for ${snap.skillName ?? 'an unnamed skill'}${snap.skillVersion ? ` ${snap.skillVersion}` : ''} (${snap.review.securityLevel}).`
    : `Not valid: ${validity.reasons.join('; ')}.`;
  return {
    certificateId: row.id,
    valid: validity.valid,
    status: row.status as VerifyResponse['status'],
    summary,
    invalidReasons: validity.reasons,
    activeFlagCount,
    securityLevel: snap.review.securityLevel,
    sandboxRiskLevel: snap.review.sandboxRiskLevel,
    skillName: snap.skillName,
    skillVersion: snap.skillVersion,
    certificateIssuedAt: snap.certificateIssuedAt,
    expiresAt: snap.expiresAt,
    roundType: snap.round.roundType,
    retainedWarnings: snap.review.retainedWarnings,
    endpointStatus: snap.endpointReview?.endpointStatus ?? null,
    apiDisclaimer: outbound
      ? 'This skill makes outbound HTTP calls. SIGMA reviewed the declared endpoints at certification time; the remote services can change afterwards and are not covered by this certificate.'
      : null,
    manifest: snap.manifest,
    endpointReview: snap.endpointReview,
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    onChain,
    source: snap.source,
    skillHash: snap.skillHash,
    views,
    pin: {
      submissionId: snap.submissionId,
      contentHash: snap.skillHash ?? snap.codeHash,
      sourceRef: snap.source.sourceRef,
      payloadHash: row.payloadHash,
      verdict: 'APPROVED',
      auditedAt: snap.certificateIssuedAt,
    },
  };
}

export async function searchCertificates(db: DbOrTx, q: string | undefined, limit: number): Promise<CertificateSummary[]> {
  const term = q?.trim();
  const filter = term
    ? /^0x[0-9a-f]{64}$/i.test(term)
      ? eq(certificates.payloadHash, term.toLowerCase())
      : /^[0-9a-f]{24}$/.test(term)
        ? or(eq(certificates.id, term), eq(certificates.submissionId, term))
        : ilike(certificates.skillName, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    : undefined;
  const rows = await db
    .select({
      certificateId: certificates.id,
      submissionId: certificates.submissionId,
      skillName: certificates.skillName,
      skillVersion: certificates.skillVersion,
      productType: certificates.productType,
      status: certificates.status,
      issuedAt: certificates.issuedAt,
      payloadHash: certificates.payloadHash,
      securityLevel: certificates.securityLevel,
    })
    .from(certificates)
    .where(filter ? and(filter) : undefined)
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(limit);
  return rows.map((r) => ({
    certificateId: r.certificateId,
    submissionId: r.submissionId,
    skillName: r.skillName,
    skillVersion: r.skillVersion,
    productType: r.productType as CertificateSummary['productType'],
    status: r.status as CertificateSummary['status'],
    certificateIssuedAt: r.issuedAt.toISOString(),
    payloadHash: r.payloadHash,
    securityLevel: r.securityLevel as CertificateSummary['securityLevel'],
  }));
}

/** Count views in batches: verify is hot, so increments are buffered and flushed every second. */
export class ViewCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly db: DbOrTx, private readonly intervalMs = 1000) {}

  add(certificateId: string): number {
    const n = (this.pending.get(certificateId) ?? 0) + 1;
    this.pending.set(certificateId, n);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.intervalMs).unref();
    return n;
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    for (const [id, n] of batch) {
      await this.db.update(certificates).set({ views: sql`${certificates.views} + ${n}` }).where(eq(certificates.id, id));
    }
  }
}

export async function sourceIntegrity(db: DbOrTx, row: CertificateRow) {
  const snap = parseSnapshot(row);
  const files = await db
    .select({ path: submissionFiles.path, bytes: submissionFiles.bytes })
    .from(submissionFiles)
    .where(and(eq(submissionFiles.submissionId, row.submissionId), or(eq(submissionFiles.path, 'SKILL.md'), ilike(submissionFiles.path, '%/SKILL.md'))));
  const file = files.find((f) => f.path === 'SKILL.md') ?? files[0];
  const recomputed = file ? computeSkillHash(file.bytes) : null;
  return {
    certificateId: row.id,
    algorithm: 'sha256(SKILL.md decoded as UTF-8, CRLF/CR normalised to LF)',
    skillHash: snap.skillHash,
    storedSkillMdSha256: recomputed,
    matches: recomputed !== null && recomputed === snap.skillHash,
    sourceType: snap.source.sourceType,
    sourceUrl: snap.source.sourceUrl,
    sourceRef: snap.source.sourceRef,
  };
}
