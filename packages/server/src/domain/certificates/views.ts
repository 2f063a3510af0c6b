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

export function onChainView(
  row: CertificateRow,
  chain: { mode: string; network: string | null; chainId?: number; registryAddress?: string; explorerTx?: (hash: string) => string | null } | null,
): OnChain {
  if (!chain || chain.mode === 'off') {
    return { network: null, chainId: null, registryAddress: null, committed: false, txHash: null, explorerUrl: null, blockNumber: null, note: 'On-chain commitment is disabled on this deployment.' };
  }
  return {
    network: chain.network,
    chainId: row.chainId ?? chain.chainId ?? null,
    registryAddress: row.registryAddress ?? chain.registryAddress ?? null,
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
/** keccak256(JCS(stored snapshot)), or null when the stored text is not a snapshot any more. */
export function recomputeHash(row: CertificateRow): string | null {
  try {
    return payloadHash(JSON.parse(row.snapshotJson));
  } catch {
    return null;
  }
}

export function checkValidity(
  row: CertificateRow,
  clock: Clock,
  extra: { activeEscalatedFlags?: number; onChain?: { committed: boolean; payloadHash: string | null; revoked: boolean }; recomputed?: string | null } = {},
): ValidityCheck {
  const reasons: string[] = [];
  if (row.status !== 'APPROVED') reasons.push(`status is ${row.status}`);
  if (row.expiresAt.getTime() <= clock.now().getTime()) reasons.push('certificate has expired');
  if ((extra.activeEscalatedFlags ?? 0) > 0) reasons.push(`${extra.activeEscalatedFlags} escalated flag(s) open`);
  const recomputed = extra.recomputed !== undefined ? extra.recomputed : recomputeHash(row);
  if (recomputed === null) reasons.push('stored snapshot cannot be parsed');
  if (recomputed !== null && recomputed !== row.payloadHash) reasons.push('stored snapshot no longer hashes to the payload hash');
  if (row.hashScheme !== HASH_SCHEME) reasons.push(`unknown hash scheme ${row.hashScheme}`);
  const oc = extra.onChain;
  if (oc) {
    if (!oc.committed || !oc.payloadHash) reasons.push('the recorded on-chain commitment is not on chain');
    else if (recomputed !== null && oc.payloadHash.toLowerCase() !== recomputed) reasons.push('stored snapshot differs from the hash committed on chain');
    if (oc.revoked) reasons.push('revoked on chain');
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
export function verifyResponse(row: CertificateRow, validity: ValidityCheck, onChain: OnChain, views: number, parsed?: CertificateSnapshot, activeFlagCount = 0): VerifyResponse {
  const snap = parsed ?? parseSnapshot(row);
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
  /** Views added by this process since it started, per certificate (never reset). */
  private added = new Map<string, number>();
  /** Of those, how many are already written to the database. */
  private flushed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly db: DbOrTx,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly intervalMs = 1000,
  ) {}

  /** Count one view; returns this process's running total for the certificate. */
  add(certificateId: string): number {
    this.pending.set(certificateId, (this.pending.get(certificateId) ?? 0) + 1);
    const total = (this.added.get(certificateId) ?? 0) + 1;
    this.added.set(certificateId, total);
    if (!this.timer) this.timer = setTimeout(() => void this.flush().catch((err: unknown) => this.onError(err)), this.intervalMs).unref();
    return total;
  }

  /**
   * The part of a freshly read row's view count that is not this process's flushed views; add the
   * running total to it to get the current count (`current(base, id)`).
   */
  baseOf(row: CertificateRow): number {
    return row.views - (this.flushed.get(row.id) ?? 0);
  }

  current(base: number, certificateId: string): number {
    return base + (this.added.get(certificateId) ?? 0);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // One statement for the whole batch: on the embedded database every statement holds the only session.
    const rows = [...batch].map(([id, n]) => ({ id, n }));
    await this.db.execute(sql`
      update sigma.certificates c set views = c.views + v.n
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id text, n int)
      where c.id = v.id`);
    for (const [id, n] of batch) this.flushed.set(id, (this.flushed.get(id) ?? 0) + n);
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

/**
 * A short-lived read cache for the public certificate routes (verify is the hot path). An entry holds
 * the row, the hash recomputed from its stored snapshot, and the view count at read time; it is wrong
 * for at most `ttlMs` after a change made by another process (this process invalidates on its own
 * changes through `invalidate`). `ttlMs = 0` disables it.
 */
export class CertificateReadCache {
  private entries = new Map<string, { at: number; row: CertificateRow; snapshot: CertificateSnapshot | undefined; recomputed: string | null; viewBase: number }>();
  constructor(
    private readonly db: DbOrTx,
    private readonly views: ViewCounter,
    private readonly ttlMs: number,
    private readonly max = 50_000,
  ) {}

  async get(id: string): Promise<{ row: CertificateRow; snapshot: CertificateSnapshot | undefined; recomputed: string | null; viewBase: number }> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < this.ttlMs) return hit;
    const row = await getCertificateRow(this.db, id);
    let snapshot: CertificateSnapshot | undefined;
    try {
      snapshot = parseSnapshot(row);
    } catch {
      snapshot = undefined;
    }
    const entry = { at: now, row, snapshot, recomputed: snapshot ? payloadHash(snapshot) : null, viewBase: this.views.baseOf(row) };
    if (this.ttlMs > 0) {
      this.entries.delete(id);
      this.entries.set(id, entry);
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }
}
